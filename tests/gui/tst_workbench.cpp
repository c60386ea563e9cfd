// The workbench as a user sees it, on Qt's offscreen platform: the pages, the sample corpus summary
// (the same numbers as the engine), the Inspect views drawing a checkpoint, the language switch
// and the About dialog.
#include <vulkan/vulkan.h>

#include <QDialog>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>
#include <QTreeWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QProcess>
#include <QSlider>
#include <QTemporaryDir>

#include "about_dialog.h"
#include "ahenk/text/corpus_stats.h"
#include "ahenk/ui/main_window.h"
#include "home_page.h"
#include "inspect_page.h"
#include "language.h"
#include "tokenizer_page.h"
#include "train_page.h"
#include "vulkan_view.h"

using namespace ahenk::ui;

class TestWorkbench : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // keep the user's settings out of it
    setLanguage(QStringLiteral("en"), false);
  }

  void init() { setLanguage(QStringLiteral("en"), false); }

  void navigationListsThePagesAndSwitchesThem() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.pageKeys(), QStringList({"home", "corpus", "filters", "dedup", "tokenizer",
                                             "train", "sessions", "playground", "inspect"}));
    QCOMPARE(window.navigation()->count(), 9);
    QCOMPARE(window.navigation()->item(0)->text(), QStringLiteral("Home"));
    QVERIFY(window.showPage("inspect"));
    QCOMPARE(window.currentPageKey(), QStringLiteral("inspect"));
    QVERIFY(window.inspectPage()->isVisible());
    window.navigation()->setCurrentRow(0);
    QVERIFY(window.homePage()->isVisible());
    QVERIFY(!window.showPage("no-such-page"));
  }

  void homeShowsTheEngineNumbersForTheSampleCorpus() {
    MainWindow window;
    HomePage* home = window.homePage();
    QSignalSpy ready(home, &HomePage::sampleReady);
    QSignalSpy report(home, &HomePage::reportReady);
    window.show();
    QVERIFY(ready.count() > 0 || ready.wait(20000));
    QVERIFY(home->sampleStats().has_value());
    const auto expected = ahenk::text::corpus_stats({home->samplePath().toStdString()});
    QVERIFY(expected.totals.words > 10000);  // the bundled corpus is real text
    auto* totals = home->findChild<QTableWidget*>("sampleTotals");
    QVERIFY(totals);
    QCOMPARE(totals->item(0, 1)->data(Qt::UserRole).toULongLong(), quint64(expected.files.size()));
    QCOMPARE(totals->item(1, 1)->data(Qt::UserRole).toULongLong(), expected.totals.bytes);
    QCOMPARE(totals->item(3, 1)->data(Qt::UserRole).toULongLong(), expected.totals.words);
    auto* files = home->findChild<QTableWidget*>("sampleFiles");
    QCOMPARE(files->rowCount(), int(expected.files.size()));
    QVERIFY(report.count() > 0 || report.wait(20000));
    auto* tree = home->findChild<QTreeWidget*>("environmentReport");
    QVERIFY(!tree->findItems("vulkan", Qt::MatchExactly).isEmpty());
    QVERIFY(!tree->findItems("cuda", Qt::MatchExactly).isEmpty());
  }

  // A tiny checkpoint, trained by the CLI (4 steps), in dir/ckpt; empty on failure.
  static std::string inspectCheckpoint(const QTemporaryDir& dir) {
    QProcess cli;
    cli.start(QStringLiteral(AHENK_CLI),
              {QStringLiteral("train"), QStringLiteral("--preset"), QStringLiteral("sample-char"),
               QStringLiteral("--set"), QStringLiteral("model.d_model=32"), QStringLiteral("--set"),
               QStringLiteral("model.n_layers=2"), QStringLiteral("--set"),
               QStringLiteral("model.ctx=64"), QStringLiteral("--set"),
               QStringLiteral("train.batch_size=2"), QStringLiteral("--max-steps"),
               QStringLiteral("4"), QStringLiteral("--data"),
               QStringLiteral(AHENK_SAMPLE "/en/shakespeare.txt"), QStringLiteral("--out"),
               dir.filePath(QStringLiteral("ckpt")), QStringLiteral("--no-session")});
    if (!cli.waitForFinished(120000) || cli.exitCode() != 0) return {};
    return dir.filePath(QStringLiteral("ckpt")).toStdString();
  }

  void inspectShowsACheckpointInEveryViewOffscreen() {
    QTemporaryDir dir;
    QVERIFY(!inspectCheckpoint(dir).empty());

    MainWindow window;
    window.resize(1100, 760);
    window.showPage("inspect");
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    InspectPage* page = window.inspectPage();
    VulkanView* view = page->view();
    QCOMPARE(view->backend(),
             VulkanView::Backend::Offscreen);  // the offscreen platform has no surface
    // Before a checkpoint: the view says what to do.
    QVERIFY(!page->viewById("embeddings")->message().empty());

    QSignalSpy loaded(page, &InspectPage::loaded);
    page->openCheckpoint(dir.filePath(QStringLiteral("ckpt")));
    QVERIFY(loaded.wait(60000));
    QCOMPARE(loaded.first().at(0).toBool(), true);
    QVERIFY(page->viewById("embeddings")->has_data());
    QVERIFY(page->viewById("embeddings")->message().empty());
    QCOMPARE(page->snapshots(), 1);

    // Each view draws a real picture (many colours); the model's own limits are said in words.
    for (const char* id : {"embeddings", "attention", "rope"}) {
      page->showView(QString::fromLatin1(id));
      // Three frames (ImGui shows its windows from the second); frames are drawn on demand.
      for (int frame = 0; frame < 3; ++frame) {
        const quint64 before = view->frames();
        view->requestFrame();
        QTRY_VERIFY_WITH_TIMEOUT(view->frames() > before, 20000);
      }
      const QImage image = view->capture();
      QVERIFY(!image.isNull());
      QCOMPARE(image.size(), view->size() * view->devicePixelRatioF());
      QSet<QRgb> colours;
      for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3) colours.insert(image.pixel(x, y) & 0xFFFFFF);
      QVERIFY2(
          colours.size() > 100,
          qPrintable(
              QStringLiteral("%1: %2 colours").arg(QString::fromLatin1(id)).arg(colours.size())));
      QVERIFY2(page->viewById(QString::fromLatin1(id))->message().empty(), id);
    }
    QVERIFY(page->viewById("scan")->message().find("Mamba") != std::string::npos);
    QVERIFY(page->viewById("spikes")->message().find("spiking") != std::string::npos);
    // The engine's reasons in the UI's language.
    QVERIFY(setLanguage(QStringLiteral("tr"), false));
    QTRY_VERIFY(page->viewById("spikes")->message().find("dikenli bir model") != std::string::npos);
    QVERIFY(page->viewById("scan")->message().find("Mamba modeli ister") != std::string::npos);
    QVERIFY(setLanguage(QStringLiteral("en"), false));
    QTRY_VERIFY(page->viewById("spikes")->message().find("spiking") != std::string::npos);

    // A new prompt reaches the attention view; a checkpoint saved by training is followed and
    // kept for the scrubber.
    page->findChild<QLineEdit*>(QStringLiteral("inspectPrompt"))->setText(QStringLiteral("ROMEO"));
    QTest::keyClick(page->findChild<QLineEdit*>(QStringLiteral("inspectPrompt")), Qt::Key_Return);
    QVERIFY(page->findChild<QLabel*>(QStringLiteral("inspectStatus"))
                ->text()
                .contains(QStringLiteral("5 prompt tokens")));
    page->checkpointSaved(4, dir.filePath(QStringLiteral("ckpt")));
    QVERIFY(loaded.wait(60000));
    QCOMPARE(page->snapshots(), 2);
    QVERIFY(page->findChild<QSlider*>(QStringLiteral("inspectScrub"))->isEnabled());
    page->scrubTo(0);
    QCOMPARE(page->currentView(), QStringLiteral("embeddings"));
    // A folder that is not a checkpoint: a clear message, nothing lost.
    page->openCheckpoint(dir.path());
    QVERIFY(loaded.wait(60000));
    QCOMPARE(loaded.last().at(0).toBool(), false);
    QVERIFY(loaded.last().at(1).toString().contains(dir.path()));
    QCOMPARE(page->snapshots(), 2);
    QVERIFY(page->viewById("embeddings")->has_data());
  }

  void inspectDrawsTheTrainingBatchLiveWhileTheTrainPageTrains() {
    QTemporaryDir dir;
    const std::string checkpoint = inspectCheckpoint(dir);
    QVERIFY(!checkpoint.empty());
    MainWindow window;
    window.setSessionFile(dir.filePath(QStringLiteral("live.ahenk")));
    window.resize(1000, 700);
    TrainPage* train = window.trainPage();
    auto c = train->config();
    c["model"]["d_model"] = 32;
    c["model"]["n_layers"] = 2;
    c["model"]["n_heads"] = 4;
    c["model"]["ctx"] = 48;
    c["train"]["batch_size"] = 4;
    c["train"]["max_steps"] = 1000000;
    c["train"]["eval_interval"] = 0;
    c["train"]["checkpoint_interval"] = 0;  // first only live captures; checkpoints below
    c["train"]["max_time"] = 0;
    train->setConfig(c);
    QSignalSpy finished(train, &TrainPage::runFinished);
    train->start();
    window.showPage("inspect");
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    InspectPage* page = window.inspectPage();
    QTRY_VERIFY_WITH_TIMEOUT(page->liveStep() > 0, 60000);
    auto* attention = static_cast<ahenk::inspect::AttentionView*>(page->viewById("attention"));
    QVERIFY(attention->has_data());
    QVERIFY(attention->message().empty());
    auto* embeddings = static_cast<ahenk::inspect::EmbeddingView*>(page->viewById("embeddings"));
    QTRY_VERIFY_WITH_TIMEOUT(embeddings->has_data(), 60000);
    QVERIFY(embeddings->data().checkpoint.find("live") != std::string::npos);
    QCOMPARE(page->snapshots(), 0);  // live captures are not checkpoints
    const qint64 first = page->liveStep();
    QTRY_VERIFY_WITH_TIMEOUT(page->liveStep() > first, 60000);  // and they keep coming
    QVERIFY(page->findChild<QLabel*>(QStringLiteral("inspectStatus"))
                ->text()
                .contains(QStringLiteral("live")));
    // A checkpoint loaded while the model trains: the views' forward passes on the GUI thread
    // share the engine's thread pool with training (they once deadlocked there).
    QSignalSpy loaded(page, &InspectPage::loaded);
    page->checkpointSaved(0, QString::fromStdString(checkpoint));
    QVERIFY(loaded.wait(60000));
    QCOMPARE(loaded.first().at(0).toBool(), true);
    QCOMPARE(page->snapshots(), 1);
    const qint64 before = page->liveStep();
    QTRY_VERIFY_WITH_TIMEOUT(page->liveStep() > before, 60000);  // training goes on
    train->stop();
    QVERIFY(finished.count() > 0 || finished.wait(60000));
  }

  void languageSwitchRetranslatesEverything() {
    MainWindow window;
    window.show();
    QVERIFY(setLanguage(QStringLiteral("tr"), false));
    // Qt delivers LanguageChange through the event loop.
    QTRY_COMPARE(window.navigation()->item(0)->text(), QStringLiteral("Ana sayfa"));
    QCOMPARE(window.navigation()->item(1)->text(), QStringLiteral("Derlem"));
    QCOMPARE(window.navigation()->item(2)->text(), QStringLiteral("Süzgeçler"));
    QCOMPARE(window.navigation()->item(3)->text(), QStringLiteral("Kopyalar"));
    QCOMPARE(window.navigation()->item(4)->text(), QStringLiteral("Belirteçleyici"));
    QCOMPARE(window.navigation()->item(5)->text(), QStringLiteral("Eğitim"));
    QCOMPARE(window.navigation()->item(6)->text(), QStringLiteral("Oturumlar"));
    QCOMPARE(window.navigation()->item(8)->text(), QStringLiteral("İncele"));
    QCOMPARE(window.trainPage()->findChild<QPushButton*>(QStringLiteral("startButton"))->text(),
             QStringLiteral("Başlat"));
    QCOMPARE(window.tokenizerPage()
                 ->findChild<QPushButton*>(QStringLiteral("trainTokenizerButton"))
                 ->text(),
             QStringLiteral("Eğit"));
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("Ahenk Tezgâhı")));
    QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("&Dosya"));
    QVERIFY(setLanguage(QStringLiteral("en"), false));
    QTRY_COMPARE(window.navigation()->item(0)->text(), QStringLiteral("Home"));
    QVERIFY(!setLanguage(QStringLiteral("xx"), false));
  }

  void aboutShowsTheVersionsOfTheReport() {
    nlohmann::ordered_json report;
    report["icu"]["version"] = "72.1";
    report["vulkan"]["available"] = true;
    AboutDialog dialog(report);
    dialog.show();
    auto* tree = dialog.findChild<QTreeWidget*>("aboutReport");
    QVERIFY(tree);
    const auto icu = tree->findItems("icu", Qt::MatchExactly);
    QCOMPARE(icu.size(), 1);
    QCOMPARE(icu.first()->text(1), QStringLiteral("72.1"));
    QCOMPARE(tree->findItems("vulkan", Qt::MatchExactly).first()->text(1),
             QStringLiteral("available"));
  }
};

QTEST_MAIN(TestWorkbench)
#include "tst_workbench.moc"
