// The Tokenizer page on Qt's offscreen platform, with the bundled sample corpus: training records a
// run in the session; the merge slider shows the segmentation the engine reports for that merge;
// the vocabulary search finds what the engine's tokens hold; the comparison shows the engine's
// numbers; Cancel stops a training without writing anything; a missing input is explained.
#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QComboBox>
#include <QSpinBox>
#include <QUndoStack>
#include <filesystem>

#include "ahenk/session/session.h"
#include "ahenk/text/loader.h"
#include "ahenk/tokenize/bpe.h"
#include "ahenk/tokenize/compare.h"
#include "language.h"
#include "page_helpers.h"
#include "resources_path.h"
#include "tokenizer_page.h"

using namespace ahenk;
using namespace ahenk::ui;

namespace {

// Waits for the page's `finished` and returns (ok, message, run).
std::tuple<bool, QString, qint64> wait_finished(QSignalSpy& spy) {
  if (spy.isEmpty() && !spy.wait(120000)) return {false, QStringLiteral("timed out"), 0};
  const auto args = spy.takeFirst();
  return {args[0].toBool(), args[1].toString(), args[2].toLongLong()};
}

}  // namespace

class TestTokenizerPage : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    setLanguage(QStringLiteral("en"), false);
    QVERIFY(dir_.isValid());
    sample_ = QString::fromStdString(app::sample_corpus_dir().string());
    session_ = dir_.filePath(QStringLiteral("lab.ahenk"));
  }

  void trainsBpeRecordsTheRunAndReplaysEveryMerge() {
    TokenizerPage page;
    page.resize(1200, 760);
    page.show();
    page.setSessionFile(session_.toStdString());
    page.setInputs({sample_});
    page.setModel(QStringLiteral("bpe"));
    page.setVocabularySize(700);
    page.setOutput(dir_.filePath(QStringLiteral("bpe.json")));
    QSignalSpy finished(&page, &TokenizerPage::finished);
    page.train();
    QVERIFY(page.busy());
    const auto [ok, message, run] = wait_finished(finished);
    QVERIFY2(ok, qPrintable(message));
    QVERIFY(run > 0);
    QVERIFY(page.tokenizer() != nullptr);
    QCOMPARE(page.tokenizerFile(), dir_.filePath(QStringLiteral("bpe.json")));

    // The session has the run, its input files and its curve (one point per merge).
    session::Session s(session_.toStdString());
    const auto runs = s.runs();
    QCOMPARE(runs.back().kind, std::string("tokenizer"));
    QCOMPARE(session::to_string(runs.back().status), std::string("completed"));
    const auto tok =
        tokenize::load_tokenizer(dir_.filePath(QStringLiteral("bpe.json")).toStdString());
    const auto* bpe = dynamic_cast<const tokenize::BpeTokenizer*>(tok.get());
    QVERIFY(bpe != nullptr);
    const int merges = int(bpe->model().merges.size());
    QCOMPARE(page.mergeCount(), merges);
    QCOMPARE(s.metrics(runs.back().id, "corpus_tokens").size(), std::size_t(merges));

    // The slider: at every position asked, the page shows the engine's segmentation.
    const QString sample =
        QStringLiteral("Herkes düşünce hürriyetine sahiptir. To be, or not to be.");
    page.setSampleText(sample);
    for (const int k : {0, 1, 10, merges / 2, merges}) {
      page.setMerge(k);
      QCOMPARE(page.currentMerge(), k);
      const auto expected = bpe->encode_at_merge(sample.toStdString(), std::size_t(k)).ids;
      QCOMPARE(page.replayIds(), expected);
    }
    QCOMPARE(page.replayIds().size(), std::size_t(page.replayIds().size()));
    page.setMerge(0);
    QCOMPARE(page.replayIds().size(), std::size_t(sample.toUtf8().size()));  // bytes
    page.setMerge(10);
    const auto& m = bpe->model();
    QVERIFY2(page.mergeDescription().startsWith(QStringLiteral("Merge 10 of %1").arg(merges)),
             qPrintable(page.mergeDescription()));
    QVERIFY2(page.mergeDescription().contains(
                 QString::fromStdString(tokenize::display_token(m.vocab[m.merge_results[9]]))),
             qPrintable(page.mergeDescription()));
    QVERIFY(page.mergeDescription().contains(QStringLiteral("seen")));  // counts from training
    QVERIFY(page.replayToolTip(0).startsWith(QStringLiteral("id ")));

    // The vocabulary search shows the tokens whose readable text contains the query.
    int expected_rows = 0;
    for (std::uint32_t id = 0; id < tok->vocab_size(); ++id)
      expected_rows += QString::fromStdString(tokenize::display_token(tok->token(id)))
                           .contains(QStringLiteral("th"), Qt::CaseInsensitive);
    QVERIFY(expected_rows > 0);
    page.setVocabularyFilter(QStringLiteral("th"));
    QCOMPARE(page.vocabularyRowsShown(), expected_rows);
    page.setVocabularyFilter(QString());
    QCOMPARE(page.vocabularyRowsShown(), int(tok->vocab_size()));

    if (qEnvironmentVariableIsSet("AHENK_TEST_SCREENSHOTS")) {
      page.setMerge(merges / 3);
      page.findChild<QTabWidget*>(QStringLiteral("tokenizerTabs"))->setCurrentIndex(1);
      QTest::qWait(100);
      page.grab().save(QDir(qEnvironmentVariable("AHENK_TEST_SCREENSHOTS"))
                           .filePath(QStringLiteral("tokenizer.png")));
    }
  }

  void unigramShowsItsEmIterationsAndComparisonMatchesTheEngine() {
    TokenizerPage page;
    page.resize(1200, 760);
    page.show();
    page.setSessionFile(session_.toStdString());
    page.setInputs({sample_});
    page.setModel(QStringLiteral("unigram"));
    page.setVocabularySize(500);
    page.setOutput(dir_.filePath(QStringLiteral("unigram.json")));
    QSignalSpy finished(&page, &TokenizerPage::finished);
    page.train();
    const auto [ok, message, run] = wait_finished(finished);
    QVERIFY2(ok, qPrintable(message));
    QCOMPARE(QString::fromLatin1(page.tokenizer()->kind()), QStringLiteral("unigram"));
    QCOMPARE(page.mergeCount(), 0);
    QVERIFY(page.mergeDescription().contains(QStringLiteral("for BPE")));
    session::Session s(session_.toStdString());
    QVERIFY(!s.metrics(run, "log_likelihood").empty());
    auto* tabs = page.findChild<QTabWidget*>(QStringLiteral("tokenizerTabs"));
    QVERIFY(!tabs->isTabEnabled(1));  // no merge replay for Unigram
    const QString shots = qEnvironmentVariable("AHENK_TEST_SCREENSHOTS");
    if (!shots.isEmpty()) {
      tabs->setCurrentIndex(0);
      QTest::qWait(100);
      page.grab().save(QDir(shots).filePath(QStringLiteral("tokenizer-unigram.png")));
    }

    // Compare a BPE and this Unigram on the sample: the page's numbers are the engine's.
    const QString bpe_file = dir_.filePath(QStringLiteral("bpe.json"));
    QVERIFY(QFile::exists(bpe_file));  // from the test before
    const QStringList files = {bpe_file, dir_.filePath(QStringLiteral("unigram.json"))};
    page.setComparedFiles(files);
    page.compare();
    const auto [cok, cmessage, crun] = wait_finished(finished);
    QVERIFY2(cok, qPrintable(cmessage));
    QCOMPARE(crun, qint64(0));
    std::vector<std::string> documents;
    text::load_documents({sample_.toStdString()}, {},
                         [&](text::Document&& d) { documents.push_back(std::move(d.text)); });
    std::vector<std::unique_ptr<tokenize::Tokenizer>> toks;
    std::vector<const tokenize::Tokenizer*> list;
    for (const auto& f : files) {
      toks.push_back(tokenize::load_tokenizer(f.toStdString()));
      list.push_back(toks.back().get());
    }
    const auto expected = tokenize::compare_tokenizers(list, documents);
    const auto shown = page.comparison();
    QCOMPARE(shown.size(), expected.size());
    for (std::size_t i = 0; i < shown.size(); ++i) {
      QCOMPARE(shown[i].tokens, expected[i].tokens);
      QCOMPARE(shown[i].bytes_per_token, expected[i].bytes_per_token);
      QCOMPARE(shown[i].coverage, expected[i].coverage);
    }
    if (!shots.isEmpty()) {
      tabs->setCurrentIndex(3);
      QTest::qWait(100);
      page.grab().save(QDir(shots).filePath(QStringLiteral("tokenizer-compare.png")));
    }
  }

  void formEditsUndoAndRedo() {
    TokenizerPage page;
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto* stack = page.history()->stack();
    page.setModel(QStringLiteral("unigram"));
    page.setVocabularySize(1234);
    QCOMPARE(stack->count(), 2);
    auto* vocab = page.findChild<QSpinBox*>(QStringLiteral("vocabularySize"));
    auto* model = page.findChild<QComboBox*>(QStringLiteral("tokenizerModel"));
    QCOMPARE(vocab->value(), 1234);
    page.setFocus();
    QTest::keyClick(&page, Qt::Key_Z, Qt::ControlModifier);  // undo the size
    QCOMPARE(vocab->value(), 4096);
    QCOMPARE(model->currentData().toString(), QStringLiteral("unigram"));
    stack->undo();  // and the model
    QCOMPARE(model->currentData().toString(), QStringLiteral("bpe"));
    stack->redo();
    stack->redo();
    QCOMPARE(vocab->value(), 1234);
    QCOMPARE(model->currentData().toString(), QStringLiteral("unigram"));
  }

  void cancelStopsWithoutWritingAndBadInputIsExplained() {
    TokenizerPage page;
    page.setSessionFile(session_.toStdString());
    page.setInputs({sample_});
    page.setModel(QStringLiteral("unigram"));
    page.setVocabularySize(4000);
    const QString out = dir_.filePath(QStringLiteral("cancelled.json"));
    page.setOutput(out);
    QSignalSpy finished(&page, &TokenizerPage::finished);
    page.train();
    page.cancel();
    const auto [ok, message, run] = wait_finished(finished);
    QVERIFY(!ok);
    QVERIFY2(message.contains(QStringLiteral("Cancelled")), qPrintable(message));
    QVERIFY(!QFile::exists(out));
    session::Session s(session_.toStdString());
    QCOMPARE(session::to_string(s.runs().back().status), std::string("stopped"));

    page.setInputs({dir_.filePath(QStringLiteral("no-such-folder"))});
    page.train();
    const auto [bad_ok, bad_message, bad_run] = wait_finished(finished);
    QVERIFY(!bad_ok);
    QVERIFY2(page.errorText().contains(QStringLiteral("no-such-folder")),
             qPrintable(page.errorText()));
    QVERIFY(!page.openTokenizer(dir_.filePath(QStringLiteral("missing.json"))));
    QVERIFY(page.errorText().contains(QStringLiteral("missing.json")));
  }

 private:
  QTemporaryDir dir_;
  QString sample_, session_;
};

QTEST_MAIN(TestTokenizerPage)
#include "tst_tokenizer_page.moc"
