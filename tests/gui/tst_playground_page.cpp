// The Playground page on Qt's offscreen platform: it samples from a checkpoint exactly what the
// engine's generate() samples with the same settings, colours each token by its probability with
// its alternatives as a tooltip, stops on request, and says clearly when the folder holds no
// checkpoint.
#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextBlock>
#include <filesystem>

#include "ahenk/tensor/backend.h"
#include "ahenk/train/data.h"
#include "ahenk/train/generate.h"
#include "ahenk/train/trainer.h"
#include "language.h"
#include "playground_page.h"

using namespace ahenk;
using namespace ahenk::ui;

class TestPlaygroundPage : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    setLanguage(QStringLiteral("en"), false);
    QVERIFY(dir_.isValid());
    // A tiny byte-level model, trained a few steps and saved as a checkpoint.
    nlohmann::json spec = {
        {"model",
         {{"vocab_size", 256}, {"d_model", 32}, {"n_layers", 1}, {"n_heads", 2}, {"ctx", 32}}},
        {"train",
         {{"batch_size", 4},
          {"max_steps", 5},
          {"eval_interval", 0},
          {"checkpoint_interval", 0},
          {"warmup_steps", 1}}}};
    train::TrainingData data;
    for (int i = 0; i < 4000; ++i) data.train.push_back("abcabd ROMEO: "[i % 14]);
    data.val = data.train;
    train::Trainer trainer(train::TrainConfig::from_json(spec), data,
                           dir_.filePath(QStringLiteral("ckpt")).toStdString());
    trainer.run();
    checkpoint_ = dir_.filePath(QStringLiteral("ckpt"));
  }

  void samplesWhatTheEngineSamplesWithProbabilitiesAndAlternatives() {
    PlaygroundPage page;
    page.resize(1000, 700);
    page.show();
    page.setCheckpoint(checkpoint_);
    page.setPrompt(QStringLiteral("ROMEO:"));
    page.setSampling(0.8, 40, 0.95, 7, 40);
    QSignalSpy finished(&page, &PlaygroundPage::finished);
    page.generate();
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    const auto tokens = page.tokens();
    QCOMPARE(tokens.size(), std::size_t(40));

    auto loaded = train::load_checkpoint(checkpoint_.toStdString());
    train::SampleOptions o{
        .max_tokens = 40, .temperature = 0.8, .top_k = 40, .top_p = 0.95, .seed = 7};
    std::vector<std::int32_t> prompt;
    for (char c : std::string("ROMEO:")) prompt.push_back(static_cast<unsigned char>(c));
    const auto expected = train::generate(*loaded.model, tensor::cpu_backend(), prompt, o);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      QCOMPARE(tokens[i].id, expected.tokens[i].id);
      QCOMPARE(tokens[i].alternatives.size(), std::size_t(5));
    }
    QVERIFY(page.outputText().startsWith(QStringLiteral("ROMEO:")));
    QVERIFY(page.tokenToolTip(0).contains(QStringLiteral("log p")));
    // The spans carry their tooltips into the document (what the user hovers).
    auto* output = page.findChild<QTextBrowser*>(QStringLiteral("output"));
    bool tooltip = false;
    for (auto block = output->document()->begin(); block.isValid(); block = block.next())
      for (auto it = block.begin(); !it.atEnd(); ++it)
        tooltip |= it.fragment().charFormat().toolTip().contains(QStringLiteral("log p"));
    QVERIFY(tooltip);
    if (qEnvironmentVariableIsSet("AHENK_TEST_SCREENSHOTS"))
      page.grab().save(QDir(qEnvironmentVariable("AHENK_TEST_SCREENSHOTS"))
                           .filePath(QStringLiteral("playground.png")));
  }

  void stopEndsAGenerationAndABadFolderIsExplained() {
    PlaygroundPage page;
    page.setCheckpoint(checkpoint_);
    page.setSampling(1.0, 0, 1.0, 1, 100000);
    QSignalSpy finished(&page, &PlaygroundPage::finished);
    page.generate();
    QTRY_VERIFY_WITH_TIMEOUT(page.tokens().size() >= 5, 30000);
    page.stop();
    QVERIFY(finished.wait(30000));
    QVERIFY(page.tokens().size() < 100000);

    page.setCheckpoint(dir_.filePath(QStringLiteral("nothing-here")));
    page.generate();
    QVERIFY(!page.busy());
    QVERIFY(page.errorText().contains(QStringLiteral("state.json")));
  }

 private:
  QTemporaryDir dir_;
  QString checkpoint_;
};

QTEST_MAIN(TestPlaygroundPage)
#include "tst_playground_page.moc"
