#include "playground_page.h"

#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>

#include "ahenk/tensor/backend.h"
#include "ahenk/tokenize/tokenizer.h"
#include "ahenk/train/trainer.h"
#include "engine_text.h"
#include "page_helpers.h"

namespace ahenk::ui {

namespace fs = std::filesystem;

namespace {

// Text of token ids: the tokenizer's decoding, or bytes for a byte-level model.
std::string decode(const tokenize::Tokenizer* tok, const std::vector<std::int32_t>& ids) {
  if (tok == nullptr) return std::string(ids.begin(), ids.end());
  return tok->decode(std::vector<std::uint32_t>(ids.begin(), ids.end()));
}

// True when the bytes end inside a UTF-8 sequence (a byte-level token cut a character in two).
bool ends_incomplete(const std::string& s) {
  int i = static_cast<int>(s.size()) - 1, back = 0;
  while (i >= 0 && back < 4 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i, ++back;
  if (i < 0) return back > 0;
  const unsigned char lead = static_cast<unsigned char>(s[i]);
  const int need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  return back < need;
}

// Green for likely tokens, through yellow, to red for unlikely ones (by log-probability).
QColor colour_for(double p) {
  const double x = std::clamp(1.0 + std::log10(std::max(p, 1e-6)) / 3.0, 0.0, 1.0);
  return QColor::fromHsvF(0.33 * x, 0.35, 1.0);
}

}  // namespace

PlaygroundPage::PlaygroundPage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("playgroundPage"));
  box_ = new QGroupBox();
  form_ = new QFormLayout(box_);
  checkpoint_ = new QLineEdit();
  checkpoint_->setObjectName(QStringLiteral("checkpoint"));
  browse_ = new QPushButton();
  auto* row = new QWidget();
  auto* h = new QHBoxLayout(row);
  h->setContentsMargins(0, 0, 0, 0);
  h->addWidget(checkpoint_, 1);
  h->addWidget(browse_);
  prompt_ = new QPlainTextEdit();
  prompt_->setObjectName(QStringLiteral("prompt"));
  prompt_->setPlainText(QStringLiteral("ROMEO:"));
  prompt_->setMaximumHeight(90);
  temperature_ = new QDoubleSpinBox();
  temperature_->setRange(0, 5);
  temperature_->setDecimals(2);
  temperature_->setSingleStep(0.1);
  temperature_->setValue(0.8);
  top_k_ = new QSpinBox();
  top_k_->setRange(0, 1000000);
  top_k_->setValue(40);
  top_p_ = new QDoubleSpinBox();
  top_p_->setRange(0.01, 1.0);
  top_p_->setDecimals(2);
  top_p_->setSingleStep(0.05);
  top_p_->setValue(1.0);
  seed_ = new QSpinBox();
  seed_->setRange(0, 2147483647);
  seed_->setValue(1);
  max_tokens_ = new QSpinBox();
  max_tokens_->setRange(1, 100000);
  max_tokens_->setValue(300);
  for (QWidget* w : std::initializer_list<QWidget*>{row, prompt_, temperature_, top_k_, top_p_,
                                                    seed_, max_tokens_})
    form_->addRow(new QLabel(), w);
  generate_ = new QPushButton();
  generate_->setObjectName(QStringLiteral("generateButton"));
  generate_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
  stop_ = new QPushButton();
  stop_->setEnabled(false);
  auto* buttons = new QHBoxLayout();
  buttons->addWidget(generate_);
  buttons->addWidget(stop_);
  buttons->addStretch(1);
  status_ = new QLabel();
  error_ = makeErrorLabel(QStringLiteral("playgroundError"));
  legend_ = new QLabel();
  legend_->setWordWrap(true);
  output_ = new QTextBrowser();
  output_->setObjectName(QStringLiteral("output"));
  output_->setOpenLinks(false);
  QFont mono(QStringLiteral("monospace"));
  mono.setStyleHint(QFont::Monospace);
  output_->setFont(mono);

  auto* left = new QVBoxLayout();
  left->addWidget(box_);
  left->addLayout(buttons);
  left->addWidget(status_);
  left->addWidget(error_);
  left->addStretch(1);
  auto* left_widget = new QWidget();
  left_widget->setLayout(left);
  left_widget->setMaximumWidth(420);
  auto* right = new QVBoxLayout();
  right->addWidget(legend_);
  right->addWidget(output_, 1);
  auto* right_widget = new QWidget();
  right_widget->setLayout(right);
  auto* splitter = new QSplitter();
  splitter->addWidget(left_widget);
  splitter->addWidget(right_widget);
  splitter->setStretchFactor(1, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->addWidget(splitter);

  timer_ = new QTimer(this);
  timer_->setInterval(100);
  connect(timer_, &QTimer::timeout, this, &PlaygroundPage::poll);
  connect(generate_, &QPushButton::clicked, this, &PlaygroundPage::generate);
  connect(stop_, &QPushButton::clicked, this, &PlaygroundPage::stop);
  connect(browse_, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Checkpoint folder"));
    if (!dir.isEmpty()) checkpoint_->setText(dir);
  });
  retranslate();
}

PlaygroundPage::~PlaygroundPage() {
  stop_requested_ = true;
  if (worker_.joinable()) worker_.join();
}

void PlaygroundPage::setCheckpoint(const QString& dir) {
  checkpoint_->setText(dir);
}
QString PlaygroundPage::checkpoint() const {
  return checkpoint_->text();
}
void PlaygroundPage::setPrompt(const QString& text) {
  prompt_->setPlainText(text);
}

void PlaygroundPage::setSampling(double temperature, int top_k, double top_p, int seed,
                                 int max_tokens) {
  temperature_->setValue(temperature);
  top_k_->setValue(top_k);
  top_p_->setValue(top_p);
  seed_->setValue(seed);
  max_tokens_->setValue(max_tokens);
}

std::vector<train::SampledToken> PlaygroundPage::tokens() const {
  std::lock_guard lock(mutex_);
  return tokens_;
}

QString PlaygroundPage::outputText() const {
  return output_->toPlainText();
}
QString PlaygroundPage::errorText() const {
  return error_->isHidden() ? QString() : error_->text();
}

QString PlaygroundPage::tokenToolTip(int index) const {
  std::lock_guard lock(mutex_);
  return index >= 0 && std::size_t(index) < spans_.size() ? spans_[std::size_t(index)].tooltip
                                                          : QString();
}

void PlaygroundPage::generate() {
  if (busy()) return;
  error_->hide();
  const std::string dir = checkpoint_->text().trimmed().toStdString();
  if (dir.empty() || !fs::exists(fs::path(dir) / "state.json")) {
    error_->setText(
        tr("Choose a checkpoint folder (one with state.json: a Train page run's "
           "checkpoints, or `ahenk train --out`)."));
    error_->show();
    return;
  }
  {
    std::lock_guard lock(mutex_);
    spans_.clear();
    tokens_.clear();
    done_ = false;
    result_.clear();
    failure_.clear();
    prompt_text_ = prompt_->toPlainText();
  }
  shown_ = 0;
  output_->clear();
  stop_requested_ = false;
  train::SampleOptions o;
  o.temperature = temperature_->value();
  o.top_k = top_k_->value();
  o.top_p = top_p_->value();
  o.seed = static_cast<std::uint64_t>(seed_->value());
  o.max_tokens = max_tokens_->value();
  o.alternatives = 5;
  const std::string prompt = prompt_->toPlainText().toStdString();
  worker_ = std::thread([this, dir, o, prompt] {
    QString failure, result;
    try {
      auto loaded = train::load_checkpoint(dir);
      std::unique_ptr<tokenize::Tokenizer> tok;
      if (!loaded.tokenizer.empty()) tok = tokenize::load_tokenizer(loaded.tokenizer);
      std::vector<std::int32_t> ids;
      if (tok) {
        for (auto id : tok->encode(prompt)) ids.push_back(static_cast<std::int32_t>(id));
      } else {
        for (unsigned char c : prompt) ids.push_back(c);
      }
      if (ids.empty()) ids.push_back(tok ? 0 : '\n');
      // Tokens are grouped into spans until they decode to complete characters.
      std::vector<std::int32_t> pending;
      double pending_p = 1;
      QString pending_tip;
      auto token_text = [&](std::int32_t id) {
        return QString::fromStdString(decode(tok.get(), {id})).toHtmlEscaped();
      };
      const auto t = train::generate(
          *loaded.model, tensor::cpu_backend(), ids, o, [&](const train::SampledToken& s) {
            pending.push_back(s.id);
            pending_p *= s.probability;
            QString tip = tr("token %1 «%2»: p = %3 (log p = %4)")
                              .arg(s.id)
                              .arg(token_text(s.id))
                              .arg(s.probability, 0, 'g', 3)
                              .arg(std::log(std::max(s.probability, 1e-300)), 0, 'f', 2);
            for (const auto& [alt, p] : s.alternatives)
              tip += QStringLiteral("<br>") + tr("%1 «%2»: log p = %3")
                                                  .arg(alt)
                                                  .arg(token_text(alt))
                                                  .arg(std::log(std::max(p, 1e-300)), 0, 'f', 2);
            pending_tip += (pending_tip.isEmpty() ? QString() : QStringLiteral("<hr>")) + tip;
            const std::string text = decode(tok.get(), pending);
            std::lock_guard lock(mutex_);
            tokens_.push_back(s);
            if (!ends_incomplete(text)) {
              spans_.push_back({QString::fromStdString(text), pending_p, pending_tip});
              pending.clear();
              pending_p = 1;
              pending_tip.clear();
            }
            return !stop_requested_.load();
          });
      if (!pending.empty()) {
        std::lock_guard lock(mutex_);
        spans_.push_back(
            {QString::fromStdString(decode(tok.get(), pending)), pending_p, pending_tip});
      }
      tokens_per_s_ = t.seconds > 0 ? double(t.tokens.size()) / t.seconds : 0;
      result = tr("%1 tokens, %2 tokens/s").arg(t.tokens.size()).arg(tokens_per_s_, 0, 'f', 0);
    } catch (const std::exception& e) {
      failure = engineText(e);
    }
    std::lock_guard lock(mutex_);
    result_ = result;
    failure_ = failure;
    done_ = true;
  });
  generate_->setEnabled(false);
  stop_->setEnabled(true);
  status_->setText(tr("Generating..."));
  timer_->start();
}

void PlaygroundPage::stop() {
  stop_requested_ = true;
}

void PlaygroundPage::render() {
  std::lock_guard lock(mutex_);
  if (shown_ == 0) {
    output_->clear();
    output_->insertHtml(QStringLiteral("<b>") + prompt_text_.toHtmlEscaped() +
                        QStringLiteral("</b>"));
  }
  QString html;
  for (; shown_ < spans_.size(); ++shown_) {
    const Span& s = spans_[shown_];
    QString text = s.text.toHtmlEscaped();
    text.replace(QLatin1Char('\n'), QStringLiteral("↵<br>"));
    html += QStringLiteral("<span style=\"background-color:%1\" title=\"%2\">%3</span>")
                .arg(colour_for(s.probability).name(), s.tooltip.toHtmlEscaped(), text);
  }
  if (!html.isEmpty()) {
    output_->moveCursor(QTextCursor::End);
    output_->insertHtml(html);
  }
}

void PlaygroundPage::poll() {
  render();
  bool done = false;
  QString result, failure;
  {
    std::lock_guard lock(mutex_);
    done = done_;
    result = result_;
    failure = failure_;
  }
  if (!done) return;
  worker_.join();
  render();
  timer_->stop();
  generate_->setEnabled(true);
  stop_->setEnabled(false);
  status_->setText(failure.isEmpty() ? result : tr("Generation failed"));
  if (!failure.isEmpty()) {
    error_->setText(failure);
    error_->show();
  }
  emit finished(failure.isEmpty(), failure.isEmpty() ? result : failure);
}

void PlaygroundPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void PlaygroundPage::retranslate() {
  box_->setTitle(tr("Sampling"));
  auto label = [this](QWidget* field, const QString& text, const QString& tip) {
    setFormRow(form_, field, text, tip);
  };
  label(checkpoint_->parentWidget(), tr("Checkpoint"),
        tr("A checkpoint folder: a Train page run's (see the Sessions page) or `ahenk train "
           "--out`."));
  label(prompt_, tr("Prompt"), tr("The text the model continues."));
  label(temperature_, tr("Temperature"),
        tr("Divides the logits before the softmax: below 1 sharpens the distribution, above 1 "
           "flattens it; 0 always takes the most likely token."));
  label(top_k_, tr("Top-k"), tr("Sample only among the k most likely tokens; 0: no limit."));
  label(top_p_, tr("Top-p"),
        tr("Nucleus sampling: only the most likely tokens whose probabilities add up to p."));
  label(seed_, tr("Seed"), tr("The same seed and settings give the same text."));
  label(max_tokens_, tr("Tokens"), tr("How many tokens to generate."));
  browse_->setText(tr("Browse..."));
  generate_->setText(tr("Generate"));
  generate_->setToolTip(tr("Generate (Ctrl+Return)"));
  stop_->setText(tr("Stop"));
  legend_->setText(
      tr("Each generated token is coloured by the probability the model gave it: "
         "green likely, yellow, red unlikely. Hover a token for its five most likely "
         "alternatives."));
  if (!busy() && status_->text().isEmpty()) status_->setText(tr("Ready"));
}

}  // namespace ahenk::ui
