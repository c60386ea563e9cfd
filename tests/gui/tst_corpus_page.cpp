// The Corpus and Filters pages on Qt's offscreen platform, with the bundled sample corpus and a
// file of troublesome text: the run shows every file and document and is recorded in the
// session; a document's raw and cleaned text show what cleaning changed (the engine's counts);
// moving a filter threshold (typed or dragged) gives the kept count that `ahenk corpus run --set`
// reports for that threshold; the chosen thresholds drive the next run; a bad input is explained.
#include <QDir>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>

#include "ahenk/session/session.h"
#include "ahenk/text/minhash.h"
#include "ahenk/text/pipeline.h"
#include "corpus_page.h"
#include "dedup_page.h"
#include "filters_page.h"
#include "language.h"
#include "resources_path.h"

using namespace ahenk;
using namespace ahenk::ui;

namespace {

std::tuple<bool, QString, qint64> wait_finished(QSignalSpy& spy) {
  if (spy.isEmpty() && !spy.wait(120000)) return {false, QStringLiteral("timed out"), 0};
  const auto args = spy.takeFirst();
  return {args[0].toBool(), args[1].toString(), args[2].toLongLong()};
}

// Documents that reached the filters and passed them, as the CLI's report counts them.
std::uint64_t cli_passed(const nlohmann::json& report) {
  const auto& c = report["counts"];
  return c["documents"].get<std::uint64_t>() - c["empty_after_cleaning"].get<std::uint64_t>() -
         c["removed_by_language"].get<std::uint64_t>() -
         c["removed_by_filters"].get<std::uint64_t>();
}

}  // namespace

class TestCorpusPage : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    setLanguage(QStringLiteral("en"), false);
    QVERIFY(dir_.isValid());
    sample_ = QString::fromStdString(app::sample_corpus_dir().string());
    session_ = dir_.filePath(QStringLiteral("lab.ahenk"));
    // A zero-width space, a right-to-left override, a no-break space (and Windows line endings,
    // which the paragraph splitter reads as line breaks).
    messy_ = dir_.filePath(QStringLiteral("messy.txt"));
    std::ofstream(messy_.toStdString(), std::ios::binary)
        << "Merhaba\xE2\x80\x8B d\xC3\xBCnya,\r\nbu bir \xE2\x80\xAE"
           "deneme\xC2\xA0metnidir.\r\n";
  }

  void runShowsFilesDocumentsAndWhatCleaningChanged() {
    CorpusPage page;
    page.resize(1200, 760);
    page.show();
    page.setSessionFile(session_.toStdString());
    page.setInputs({sample_, messy_});
    page.setSplit(text::SplitMode::Paragraph);
    page.setOutputFolder(dir_.filePath(QStringLiteral("out")));
    QSignalSpy finished(&page, &CorpusPage::finished);
    QSignalSpy ready(&page, &CorpusPage::outputReady);
    page.run();
    QVERIFY(page.busy());
    const auto [ok, message, run] = wait_finished(finished);
    QVERIFY2(ok, qPrintable(message));
    QCOMPARE(ready.count(), 1);
    const auto& report = page.report();
    QCOMPARE(page.fileRows(), int(report["files"].size()));
    QCOMPARE(page.fileRows(), 6);  // 5 sample files and messy.txt
    // Every document is listed, kept or removed.
    QCOMPARE(std::uint64_t(page.documentRows()),
             report["counts"]["documents"].get<std::uint64_t>());
    session::Session s(session_.toStdString());
    QCOMPARE(s.runs().back().kind, std::string("corpus"));
    QCOMPARE(session::to_string(s.runs().back().status), std::string("completed"));
    QCOMPARE(s.runs().back().id, run);

    // The messy document: its raw text shows the invisible characters, the counts are the
    // engine's.
    QVERIFY(page.showDocument(messy_ + QStringLiteral(":1")));
    const auto& c = page.shownCleaning();
    QCOMPARE(c.counts[std::size_t(text::Change::Invisible)], std::uint64_t(1));
    QCOMPARE(c.counts[std::size_t(text::Change::Bidi)], std::uint64_t(1));
    QVERIFY(c.counts[std::size_t(text::Change::Normalization)] >= 1);  // NFKC: no-break space
    QVERIFY(page.rawHtml().contains(QStringLiteral("U+200B")));
    QVERIFY(page.rawHtml().contains(QStringLiteral("U+202E")));
    QVERIFY(!page.cleanedHtml().contains(QStringLiteral("U+200B")));
    QVERIFY(!page.showDocument(QStringLiteral("no such document")));
    if (qEnvironmentVariableIsSet("AHENK_TEST_SCREENSHOTS")) {
      page.findChild<QTabWidget*>(QStringLiteral("corpusTabs"))->setCurrentIndex(1);
      QTest::qWait(100);
      page.grab().save(QDir(qEnvironmentVariable("AHENK_TEST_SCREENSHOTS"))
                           .filePath(QStringLiteral("corpus.png")));
    }
  }

  void movingAThresholdGivesWhatTheCliReports() {
    const QString out = dir_.filePath(QStringLiteral("out"));
    QVERIFY(QFile::exists(out + QStringLiteral("/measurements.tsv")));  // from the test before
    FiltersPage filters;
    filters.resize(1200, 760);
    filters.show();
    QVERIFY(filters.openOutput(out));
    const auto base = filters.passedCount();
    filters.selectRule(QStringLiteral("gopher_short_doc"));
    QCOMPARE(filters.selectedRule(), QStringLiteral("gopher_short_doc"));
    filters.setThreshold(20);
    QCOMPARE(filters.cliOptions(), QStringLiteral("--set gopher_short_doc=20"));
    QVERIFY(filters.passedCount() != base);
    QVERIFY(filters.countsText().contains(QString::number(filters.passedCount())));

    // The CLI, run with that threshold on the same inputs and options, keeps as many.
    QProcess cli;
    cli.start(QStringLiteral(AHENK_CLI),
              {QStringLiteral("corpus"), QStringLiteral("run"), sample_, messy_,
               QStringLiteral("--split"), QStringLiteral("paragraph"), QStringLiteral("-o"),
               dir_.filePath(QStringLiteral("cli")), QStringLiteral("--set"),
               QStringLiteral("gopher_short_doc=20"), QStringLiteral("--json"),
               QStringLiteral("--no-session"), QStringLiteral("-q")});
    QVERIFY(cli.waitForFinished(120000));
    QCOMPARE(cli.exitCode(), 0);
    const auto report = nlohmann::json::parse(cli.readAllStandardOutput().toStdString());
    QCOMPARE(filters.passedCount(), cli_passed(report));

    // Dragging the line: the threshold lands where the mouse is, and the counts follow.
    auto* h = filters.histogram();
    const int x = h->xOf(60);
    QTest::mousePress(h, Qt::LeftButton, {}, QPoint(x, h->height() / 2));
    QTest::mouseRelease(h, Qt::LeftButton, {}, QPoint(x, h->height() / 2));
    const double dragged =
        filters.thresholds()[filters.table().rule_index("gopher_short_doc")].threshold;
    QVERIFY(std::abs(dragged - 60) < 2);
    QCOMPARE(filters.passedCount(), filters.table().apply(filters.thresholds()).passed);
    QVERIFY(filters.removedListRows() > 0);
    filters.openRemoved(0);
    QVERIFY(!filters.shownText().isEmpty());
    if (qEnvironmentVariableIsSet("AHENK_TEST_SCREENSHOTS")) {
      filters.grab().save(QDir(qEnvironmentVariable("AHENK_TEST_SCREENSHOTS"))
                              .filePath(QStringLiteral("filters.png")));
    }

    // "Use for the next run": the Corpus page runs with the chosen threshold.
    CorpusPage corpus;
    connect(&filters, &FiltersPage::thresholdsChosen, &corpus, &CorpusPage::setRules);
    filters.setThreshold(20);
    QTest::mouseClick(filters.findChild<QPushButton*>(QStringLiteral("useThresholds")),
                      Qt::LeftButton);
    corpus.setInputs({sample_, messy_});
    corpus.setSplit(text::SplitMode::Paragraph);
    corpus.setOutputFolder(dir_.filePath(QStringLiteral("again")));
    QSignalSpy finished(&corpus, &CorpusPage::finished);
    corpus.run();
    const auto [ok, message, run] = wait_finished(finished);
    QVERIFY2(ok, qPrintable(message));
    QCOMPARE(cli_passed(corpus.report()), filters.passedCount());
  }

  void dedupShowsTheCurveClustersSharedShinglesAndAppliesDecisions() {
    // Three copies of a law (one with a line added) and an unrelated text.
    const QDir in(dir_.filePath(QStringLiteral("dups")));
    QVERIFY(QDir().mkpath(in.path()));
    std::ifstream law_in(
        std::filesystem::path(sample_.toStdString()) / "tr" / "1739-milli-egitim-temel-kanunu.txt",
        std::ios::binary);
    const std::string law((std::istreambuf_iterator<char>(law_in)), {});
    std::ofstream(in.filePath(QStringLiteral("a.txt")).toStdString()) << law;
    std::ofstream(in.filePath(QStringLiteral("b.txt")).toStdString()) << law << "\nEk satır.\n";
    std::ofstream(in.filePath(QStringLiteral("c.txt")).toStdString()) << law;
    std::ofstream(in.filePath(QStringLiteral("d.txt")).toStdString()) << "Bambaşka bir metin.";
    text::PipelineOptions o;
    o.rules = text::select_rules("none");
    o.langid = "none";
    o.dedup_options.giant_cluster = 2;  // flag the cluster of three as giant
    o.out_dir = dir_.filePath(QStringLiteral("dups-out")).toStdString();
    text::run_pipeline({in.path().toStdString()}, o);

    DedupPage page;
    page.resize(1200, 760);
    page.show();
    QVERIFY(page.openOutput(QString::fromStdString(o.out_dir)));
    QCOMPARE(page.candidateProbability(), text::lsh_probability(0.8, 8, 14));
    page.setBandsRows(20, 5);
    QCOMPARE(page.candidateProbability(), text::lsh_probability(0.8, 5, 20));
    QCOMPARE(page.clusterRows(), 1);
    QCOMPARE(page.memberRows(), 3);
    QVERIFY(page.warnings().contains(QStringLiteral("giant")));
    // Member 1 is b (the near duplicate): its bands and the shared shingles are the engine's.
    const std::string a = in.filePath(QStringLiteral("a.txt")).toStdString();
    const std::string b = in.filePath(QStringLiteral("b.txt")).toStdString();
    page.selectMember(1);
    const auto* pair = page.output().pair(a, b);
    QVERIFY(pair != nullptr);
    QVERIFY2(page.comparisonText().contains(
                 QStringLiteral("Bands that collided: %1 of 14").arg(pair->bands.size())),
             qPrintable(page.comparisonText()));
    QVERIFY(page.sharedHtml().contains(QStringLiteral("#d8f0c8")));
    if (qEnvironmentVariableIsSet("AHENK_TEST_SCREENSHOTS"))
      page.grab().save(QDir(qEnvironmentVariable("AHENK_TEST_SCREENSHOTS"))
                           .filePath(QStringLiteral("dedup.png")));

    // Keep b after all: the output's kept.jsonl gets it.
    QSignalSpy changed(&page, &DedupPage::outputChanged);
    page.setMemberKept(1, true);
    QVERIFY(page.applyDecisions());
    QCOMPARE(changed.count(), 1);
    const text::JsonlIndex kept(std::filesystem::path(o.out_dir) / "kept.jsonl");
    QVERIFY(kept.find(b) < kept.size());
    QVERIFY(!page.applyDecisions());  // nothing left to apply
  }

  void aMissingInputIsExplainedAndCancelStops() {
    CorpusPage page;
    page.setSessionFile(session_.toStdString());
    page.setInputs({dir_.filePath(QStringLiteral("no-such-folder"))});
    QSignalSpy finished(&page, &CorpusPage::finished);
    page.run();
    const auto [ok, message, run] = wait_finished(finished);
    QVERIFY(!ok);
    QVERIFY2(page.errorText().contains(QStringLiteral("no-such-folder")),
             qPrintable(page.errorText()));
    page.setInputs({sample_});
    page.run();
    page.cancel();
    const auto [cok, cmessage, crun] = wait_finished(finished);
    QVERIFY(!cok);
    QVERIFY2(cmessage.contains(QStringLiteral("Cancelled")), qPrintable(cmessage));
    session::Session s(session_.toStdString());
    QCOMPARE(session::to_string(s.runs().back().status), std::string("stopped"));
    FiltersPage filters;
    QVERIFY(!filters.openOutput(dir_.filePath(QStringLiteral("no-such-output"))));
    DedupPage dedup;
    QVERIFY(!dedup.openOutput(dir_.filePath(QStringLiteral("no-such-output"))));
  }

  // In Turkish, the engine's errors and each file's problems (kept in report.json as templates
  // with their arguments) read in Turkish, nested parts included.
  void errorsAndFileProblemsReadInTheUiLanguage() {
    QVERIFY(setLanguage(QStringLiteral("tr"), false));
    CorpusPage page;
    page.setSessionFile(session_.toStdString());
    page.setInputs({dir_.filePath(QStringLiteral("no-such-folder"))});
    QSignalSpy finished(&page, &CorpusPage::finished);
    page.run();
    auto [ok, message, run] = wait_finished(finished);
    QVERIFY(!ok);
    QVERIFY2(page.errorText().contains(QStringLiteral("böyle bir dosya ya da klasör yok")),
             qPrintable(page.errorText()));

    const QString folder = dir_.filePath(QStringLiteral("problems"));
    QVERIFY(QDir().mkpath(folder));
    std::ofstream(QDir(folder).filePath(QStringLiteral("a.jsonl")).toStdString())
        << "{\"text\": \"Bir belge burada duruyor ve okunuyor.\"}\n{not json\n{\"body\": 1}\n";
    // gzip magic, then garbage: the whole file is skipped with zlib's reason.
    std::ofstream(QDir(folder).filePath(QStringLiteral("b.txt.gz")).toStdString(), std::ios::binary)
        << std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage", 17);
    // A broken link is listed as not read, with its reason.
    std::filesystem::create_symlink(
        QDir(folder).filePath(QStringLiteral("gone.txt")).toStdString(),
        QDir(folder).filePath(QStringLiteral("link.txt")).toStdString());
    page.setInputs({folder});
    page.setOutputFolder(dir_.filePath(QStringLiteral("problems-out")));
    page.run();
    std::tie(ok, message, run) = wait_finished(finished);
    QVERIFY2(ok, qPrintable(message));
    auto* files = page.findChild<QTableWidget*>(QStringLiteral("corpusFiles"));
    QVERIFY(files);
    QStringList cells;
    for (int r = 0; r < files->rowCount(); ++r)
      for (int c = 0; c < files->columnCount(); ++c)
        if (files->item(r, c)) cells << files->item(r, c)->text();
    const QString all = cells.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("geçerli JSON değil")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("\"text\" adlı dizgi alanı yok; satır atlandı")),
             qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("atlandı: bozuk gzip verisi")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("link.txt")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("atlandı: kırık bir bağ")), qPrintable(all));
    // The report keeps the English beside the template, for the CLI and other readers.
    const auto& report = page.report();
    bool english = false;
    for (const auto& f : report["files"])
      if (f.contains("problems"))
        for (const auto& p : f["problems"])
          english =
              english || p["message"].get<std::string>().find("line skipped") != std::string::npos;
    QVERIFY(english);
    QVERIFY(setLanguage(QStringLiteral("en"), false));
  }

 private:
  QTemporaryDir dir_;
  QString sample_, session_, messy_;
};

QTEST_MAIN(TestCorpusPage)
#include "tst_corpus_page.moc"
