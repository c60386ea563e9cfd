// The Sessions page on Qt's offscreen platform: the runs of a session in the table, their curves
// overlaid from the stored levels, the config difference of two runs, rename and notes written to
// the file, export and import on a worker thread (a damaged archive refused with its name), and a
// training run's config opened in the Train page.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QListWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>

#include "ahenk/session/session.h"
#include "ahenk/session/writer.h"
#include "ahenk/ui/main_window.h"
#include "curve_chart.h"
#include "language.h"
#include "sessions_page.h"
#include "train_page.h"

using namespace ahenk::ui;
namespace session = ahenk::session;
namespace fs = std::filesystem;

class TestSessionsPage : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    setLanguage(QStringLiteral("en"), false);
    QVERIFY(dir_.isValid());
    file_ = fs::path(dir_.path().toStdString()) / "lab.ahenk";
    session::SessionWriter w(file_);
    for (int k = 0; k < 2; ++k) {
      nlohmann::json config = {{"model", {{"arch", "transformer"}, {"d_model", 64}}},
                               {"train", {{"lr", k == 0 ? 1e-3 : 3e-3}, {"max_steps", 5000}}},
                               {"data", {"a.txt"}}};
      auto run = w.begin_run({.kind = "train", .name = k == 0 ? "slow" : "fast", .config = config});
      const int steps = k == 0 ? 5000 : 3000;  // long enough that curves come from the levels
      for (int s = 1; s <= steps; ++s) w.metric(run, s, "loss", 3.0 / (1 + s * (k + 1) * 1e-3));
      w.end_run(run, session::RunStatus::completed);
    }
  }

  void listsRunsOverlaysCurvesAndDiffsConfigs() {
    SessionsPage page;
    page.resize(1000, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.setSessionFile(file_);
    QCOMPARE(page.runTable()->rowCount(), 2);
    QCOMPARE(page.runTable()->item(1, 3)->text(), QStringLiteral("fast"));
    page.selectRuns({1, 2});
    QCOMPARE(page.metricChoice()->currentText(), QStringLiteral("loss"));
    QVERIFY(page.chart()->dataPoints(QStringLiteral("1")) > 100);
    QVERIFY(page.chart()->dataPoints(QStringLiteral("1")) <= 5000);
    QVERIFY(page.chart()->drawnPoints(QStringLiteral("2")) > 100);
    // The config difference: exactly the learning rate.
    QCOMPARE(page.configDiff()->rowCount(), 1);
    QCOMPARE(page.configDiff()->item(0, 0)->text(), QStringLiteral("train/lr"));
    QCOMPARE(page.configDiff()->item(0, 1)->text(), QStringLiteral("0.001"));
    QCOMPARE(page.configDiff()->item(0, 2)->text(), QStringLiteral("0.003"));
  }

  void renameAndNotesAreWrittenToTheFile() {
    SessionsPage page;
    page.setSessionFile(file_);
    QVERIFY(page.renameRun(1, QStringLiteral("lr 1e-3")));
    page.selectRuns({1});
    QVERIFY(page.addNote(QStringLiteral("smoother, slower")));
    QCOMPARE(page.noteList()->count(), 1);
    QVERIFY(page.noteList()->item(0)->text().contains(QStringLiteral("smoother, slower")));
    session::Session s(file_);
    QCOMPARE(s.run(1).name, std::string("lr 1e-3"));
    QCOMPARE(s.notes().size(), std::size_t(1));
    QCOMPARE(*s.notes()[0].run_id, std::int64_t(1));
  }

  void exportThenImportAndRefuseADamagedArchive() {
    SessionsPage page;
    page.setSessionFile(file_);
    QSignalSpy done(&page, &SessionsPage::done);
    const QString archive = dir_.filePath(QStringLiteral("lab.tar.zst"));
    QVERIFY(page.exportTo(archive));
    QVERIFY(done.wait(60000));
    QVERIFY2(done.last().at(0).toBool(), qPrintable(done.last().at(1).toString()));
    QVERIFY(fs::exists(archive.toStdString()));

    const QString copy = dir_.filePath(QStringLiteral("student/lab.ahenk"));
    QVERIFY(page.importFrom(archive, copy));
    QVERIFY(done.wait(60000));
    QVERIFY2(done.last().at(0).toBool(), qPrintable(done.last().at(1).toString()));
    QCOMPARE(done.last().at(2).toString(), copy);
    QCOMPARE(session::Session(copy.toStdString()).runs().size(), std::size_t(2));

    // A truncated archive: refused, naming the archive, nothing left behind.
    const QString damaged = dir_.filePath(QStringLiteral("damaged.tar.zst"));
    {
      std::ifstream in(archive.toStdString(), std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::ofstream(damaged.toStdString(), std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    }
    const QString bad_copy = dir_.filePath(QStringLiteral("bad/lab.ahenk"));
    QVERIFY(page.importFrom(damaged, bad_copy));
    QVERIFY(done.wait(60000));
    QVERIFY(!done.last().at(0).toBool());
    QVERIFY(done.last().at(1).toString().contains(QStringLiteral("damaged.tar.zst")));
    QVERIFY(page.errorText().contains(QStringLiteral("damaged.tar.zst")));
    QVERIFY(!fs::exists(bad_copy.toStdString()));
  }

  void openingATrainingRunFillsTheTrainPage() {
    MainWindow window;
    window.setSessionFile(QString::fromStdString(file_.string()));
    window.sessionsPage()->selectRuns({2});
    emit window.sessionsPage()->openTrainingConfig(session::Session(file_).run(2).config);
    QCOMPARE(window.currentPageKey(), QStringLiteral("train"));
    const auto config = window.trainPage()->config();
    QCOMPARE(config["train"]["lr"].get<double>(), 3e-3);
    QCOMPARE(config["workbench"]["data"].get<std::string>(), std::string("a.txt"));
  }

 private:
  QTemporaryDir dir_;
  fs::path file_;
};

QTEST_MAIN(TestSessionsPage)
#include "tst_sessions_page.moc"
