// What the live Train page costs a training run (issue 8: under 5%): the same run trained by the
// page's job alone (recorded in a session, no one looking) and by the Train page shown, with its
// charts, alarms and per-parameter gradient norms refreshing five times a second. Rounds alternate
// the two; the cost is the median of each round's wall-time ratio. Offscreen Qt platform.
//
//   build/bin/bench_train_page [--rounds 5] [--steps 150] [--preset sample-char]
#include <QApplication>
#include <QEventLoop>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

#include "train_page.h"
#include "training_job.h"

using namespace ahenk::ui;

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  int rounds = 5, steps = 150;
  QString preset = QStringLiteral("sample-char");
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--rounds")) rounds = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--steps")) steps = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--preset")) preset = QString::fromUtf8(argv[i + 1]);
  }
  QTemporaryDir dir;
  TrainPage page;
  if (!page.loadPreset(preset)) {
    std::fprintf(stderr, "unknown preset %s\n", qPrintable(preset));
    return 2;
  }
  auto config = page.config();
  config["train"]["max_steps"] = steps;
  config["train"]["checkpoint_interval"] = 0;
  config["train"]["max_time"] = 0;
  page.setConfig(config);
  page.resize(1300, 820);

  std::vector<double> ratios, job_s, page_s;
  for (int round = 0; round < rounds; ++round) {
    double wall[2] = {0, 0};
    for (int mode = 0; mode < 2; ++mode) {
      const std::string file =
          dir.filePath(QStringLiteral("bench-%1-%2.ahenk").arg(round).arg(mode)).toStdString();
      QEventLoop loop;
      QElapsedTimer clock;
      if (mode == 0) {
        TrainingJob job;
        TrainRequest request;
        request.config = config;
        request.config.erase("workbench");
        for (const QString& f :
             QString::fromStdString(config["workbench"]["data"]).split(u';', Qt::SkipEmptyParts))
          request.data.push_back(f.toStdString());
        request.session = file;
        request.name = "bench";
        QObject::connect(&job, &TrainingJob::finished, &loop, &QEventLoop::quit);
        clock.start();
        job.start(request);
        loop.exec();
      } else {
        page.setSessionFile(file);
        page.show();
        QObject::connect(&page, &TrainPage::runFinished, &loop, &QEventLoop::quit);
        clock.start();
        page.start();
        loop.exec();
        QObject::disconnect(&page, &TrainPage::runFinished, &loop, &QEventLoop::quit);
        page.hide();
      }
      wall[mode] = clock.elapsed() / 1000.0;
    }
    job_s.push_back(wall[0]);
    page_s.push_back(wall[1]);
    ratios.push_back(wall[1] / wall[0]);
    std::printf("round %d: job alone %.2f s, with the live Train page %.2f s (%+.1f%%)\n",
                round + 1, wall[0], wall[1], (wall[1] / wall[0] - 1) * 100);
    std::fflush(stdout);
  }
  std::sort(ratios.begin(), ratios.end());
  std::printf("live Train page cost: %+.1f%% (median of %d paired rounds, %d steps of %s)\n",
              (ratios[ratios.size() / 2] - 1) * 100, rounds, steps, qPrintable(preset));
  return 0;
}
