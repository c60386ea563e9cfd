// The Playground page: sample from any checkpoint with temperature, top-k, top-p and a seed; each
// generated token is coloured by the probability the model gave it (green likely, red unlikely),
// and hovering it shows the most likely alternatives with their log-probabilities. Generation
// runs on a worker thread; tokens appear as they come (pulled on a timer) and Stop ends it.
#pragma once

#include <QWidget>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "ahenk/train/generate.h"

class QLineEdit;
class QPlainTextEdit;
class QTextBrowser;
class QDoubleSpinBox;
class QSpinBox;
class QPushButton;
class QLabel;
class QTimer;
class QGroupBox;
class QFormLayout;

namespace ahenk::ui {

class PlaygroundPage : public QWidget {
  Q_OBJECT

 public:
  explicit PlaygroundPage(QWidget* parent = nullptr);
  ~PlaygroundPage() override;

  void setCheckpoint(const QString& dir);
  QString checkpoint() const;
  void setPrompt(const QString& text);
  void setSampling(double temperature, int top_k, double top_p, int seed, int max_tokens);
  bool busy() const { return worker_.joinable(); }

  // What the last generation produced (for tests): the tokens and the text shown.
  std::vector<train::SampledToken> tokens() const;
  QString outputText() const;
  QString errorText() const;
  // The tooltip of the span showing token `index` (its alternatives).
  QString tokenToolTip(int index) const;

 public slots:
  void generate();
  void stop();

 signals:
  void finished(bool ok, const QString& message);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  struct Span {
    QString text;
    double probability = 0;
    QString tooltip;
  };
  void retranslate();
  void poll();
  void render();

  QGroupBox* box_ = nullptr;
  QFormLayout* form_ = nullptr;
  QLineEdit* checkpoint_ = nullptr;
  QPushButton* browse_ = nullptr;
  QPlainTextEdit* prompt_ = nullptr;
  QDoubleSpinBox *temperature_ = nullptr, *top_p_ = nullptr;
  QSpinBox *top_k_ = nullptr, *seed_ = nullptr, *max_tokens_ = nullptr;
  QPushButton *generate_ = nullptr, *stop_ = nullptr;
  QLabel* status_ = nullptr;
  QLabel* error_ = nullptr;
  QLabel* legend_ = nullptr;
  QTextBrowser* output_ = nullptr;
  QTimer* timer_ = nullptr;

  std::thread worker_;
  std::atomic<bool> stop_requested_{false};
  mutable std::mutex mutex_;
  // Filled by the worker: the prompt's text, the spans so far, and how it ended.
  QString prompt_text_;
  std::vector<Span> spans_;
  std::vector<train::SampledToken> tokens_;
  bool done_ = false;
  QString result_, failure_;
  double tokens_per_s_ = 0;
  std::size_t shown_ = 0;
};

}  // namespace ahenk::ui
