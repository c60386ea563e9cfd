#include "ahenk/ui/main_window.h"

#include <QAction>
#include <filesystem>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QListWidget>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

#include "about_dialog.h"
#include "ahenk/version.h"
#include "engine_text.h"
#include "home_page.h"
#include "ahenk/session/session.h"
#include "ahenk/session/writer.h"
#include "inspect_page.h"
#include "language.h"
#include "playground_page.h"
#include "sessions_page.h"
#include "corpus_page.h"
#include "dedup_page.h"
#include "filters_page.h"
#include "tokenizer_page.h"
#include "train_page.h"

namespace ahenk::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("ahenkMainWindow"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/ahenk.svg")));
  auto* splitter = new QSplitter(this);
  navigation_ = new QListWidget(splitter);
  navigation_->setObjectName(QStringLiteral("navigation"));
  navigation_->setMaximumWidth(220);
  navigation_->setMinimumWidth(140);
  navigation_->setStyleSheet(QStringLiteral("QListWidget::item { padding: 6px 8px; }"));
  stack_ = new QStackedWidget(splitter);
  splitter->addWidget(navigation_);
  splitter->addWidget(stack_);
  splitter->setStretchFactor(1, 1);
  splitter->setSizes({180, 1000});
  setCentralWidget(splitter);

  home_ = new HomePage(stack_);
  corpus_ = new CorpusPage(stack_);
  filters_ = new FiltersPage(stack_);
  dedup_ = new DedupPage(stack_);
  tokenizer_ = new TokenizerPage(stack_);
  train_ = new TrainPage(stack_);
  sessions_ = new SessionsPage(stack_);
  playground_ = new PlaygroundPage(stack_);
  inspect_ = new InspectPage(stack_);
  addPage(QStringLiteral("home"), home_);
  addPage(QStringLiteral("corpus"), corpus_);
  addPage(QStringLiteral("filters"), filters_);
  addPage(QStringLiteral("dedup"), dedup_);
  addPage(QStringLiteral("tokenizer"), tokenizer_);
  addPage(QStringLiteral("train"), train_);
  addPage(QStringLiteral("sessions"), sessions_);
  addPage(QStringLiteral("playground"), playground_);
  addPage(QStringLiteral("inspect"), inspect_);
  connect(navigation_, &QListWidget::currentRowChanged, stack_, &QStackedWidget::setCurrentIndex);
  connect(home_, &HomePage::sampleReady, this,
          [this] { statusBar()->showMessage(tr("Sample corpus read"), 4000); });

  buildMenus();
  retranslate();

  QSettings settings;
  const QString saved_session = settings.value(QStringLiteral("session/file")).toString();
  setSessionFile(!saved_session.isEmpty() && QFileInfo::exists(saved_session)
                     ? saved_session
                     : QString::fromStdString(session::default_session_path().string()));
  connect(sessions_, &SessionsPage::openTrainingConfig, this, [this](nlohmann::json config) {
    // A recorded config (CLI or workbench) as the Train page's form: data and tokenizer too.
    QStringList files;
    if (config.contains("data") && config["data"].is_array())
      for (const auto& d : config["data"]) files << QString::fromStdString(d.get<std::string>());
    config["workbench"] = {{"data", files.join(u';').toStdString()},
                           {"tokenizer", config.value("tokenizer", std::string())},
                           {"out", std::string()}};
    train_->setConfig(config);
    showPage(QStringLiteral("train"));
  });
  connect(sessions_, &SessionsPage::done, this,
          [this](bool, const QString& message, const QString& imported) {
            if (!imported.isEmpty()) setSessionFile(imported);
            statusBar()->showMessage(message, 10000);
          });
  connect(corpus_, &CorpusPage::finished, this, [this](bool, const QString& message, qint64 run) {
    if (run > 0) sessions_->refresh();
    statusBar()->showMessage(message, 8000);
  });
  connect(corpus_, &CorpusPage::outputReady, this, [this](const QString& dir) {
    filters_->openOutput(dir);  // the Filters page shows the run's measurements
    dedup_->openOutput(dir);    // and the Dedup page its clusters (when it deduplicated)
    // The next stage learns from what was kept.
    tokenizer_->setInputs({dir + QStringLiteral("/kept.jsonl")});
  });
  connect(dedup_, &DedupPage::outputChanged, this, [this](const QString& dir) {
    corpus_->openOutput(dir);  // the decisions changed kept.jsonl and removed.jsonl
    statusBar()->showMessage(tr("Decisions applied to %1").arg(dir), 8000);
  });
  connect(filters_, &FiltersPage::thresholdsChosen, this,
          [this](const std::vector<text::Rule>& rules) {
            corpus_->setRules(rules);
            showPage(QStringLiteral("corpus"));
          });
  connect(tokenizer_, &TokenizerPage::finished, this,
          [this](bool, const QString& message, qint64 run) {
            if (run > 0) sessions_->refresh();
            statusBar()->showMessage(message, 8000);
          });
  connect(tokenizer_, &TokenizerPage::tokenizerReady, this, [this](const QString& file) {
    train_->setTokenizerFile(file);  // the next step of the pipeline trains with it
  });
  connect(train_, &TrainPage::checkpointSaved, inspect_, &InspectPage::checkpointSaved);
  inspect_->setTrainingJob(train_->job());
  connect(train_, &TrainPage::runFinished, this, [this](qint64 run, bool ok) {
    sessions_->refresh();
    if (ok) playground_->setCheckpoint(train_->checkpointDir());  // sample from what was trained
    statusBar()->showMessage(ok ? tr("Run %1 recorded in %2").arg(run).arg(session_file_)
                                : tr("Run %1 failed; see the Train page").arg(run),
                             8000);
  });
  if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
    resize(1200, 760);
  }
  const QString last = settings.value(QStringLiteral("window/page")).toString();
  if (!showPage(last)) navigation_->setCurrentRow(0);
}

MainWindow::~MainWindow() = default;

void MainWindow::addPage(const QString& key, QWidget* page) {
  keys_ << key;
  stack_->addWidget(page);
  auto* item = new QListWidgetItem(navigation_);
  item->setData(Qt::UserRole, key);
}

bool MainWindow::showPage(const QString& key) {
  const int index = int(keys_.indexOf(key));
  if (index < 0) return false;
  navigation_->setCurrentRow(index);
  return true;
}

QString MainWindow::currentPageKey() const {
  const int row = navigation_->currentRow();
  return row >= 0 && row < keys_.size() ? keys_[row] : QString();
}

void MainWindow::setSessionFile(const QString& file) {
  session_file_ = file;
  train_->setSessionFile(file.toStdString());
  tokenizer_->setSessionFile(file.toStdString());
  corpus_->setSessionFile(file.toStdString());
  sessions_->setSessionFile(file.toStdString());
  // The Playground starts on the session's latest training run that still has its checkpoint.
  for (const auto& run : sessions_->runs())
    if (run.kind == "train" && !run.work_dir.empty() &&
        std::filesystem::exists(std::filesystem::path(run.work_dir) / "state.json"))
      playground_->setCheckpoint(QString::fromStdString(run.work_dir));
  QSettings().setValue(QStringLiteral("session/file"), file);
  retranslate();
}

void MainWindow::buildMenus() {
  file_menu_ = menuBar()->addMenu(QString());
  new_session_action_ = file_menu_->addAction(QString(), this, [this] {
    const QString file = QFileDialog::getSaveFileName(this, tr("New session"), QString(),
                                                      tr("Ahenk sessions (*.ahenk)"));
    if (file.isEmpty()) return;
    try {
      session::SessionWriter writer(file.toStdString());  // creates the file
    } catch (const std::exception& e) {
      QMessageBox::warning(this, tr("New session"), engineText(e));
      return;
    }
    setSessionFile(file);
  });
  new_session_action_->setShortcut(QKeySequence::New);
  open_session_action_ = file_menu_->addAction(QString(), this, [this] {
    const QString file = QFileDialog::getOpenFileName(this, tr("Open session"), QString(),
                                                      tr("Ahenk sessions (*.ahenk)"));
    if (file.isEmpty()) return;
    try {
      session::Session check(file.toStdString());  // refuses what is not a session
    } catch (const std::exception& e) {
      QMessageBox::warning(this, tr("Open session"), engineText(e));
      return;
    }
    setSessionFile(file);
  });
  open_session_action_->setShortcut(QKeySequence::Open);
  open_text_action_ = file_menu_->addAction(QString(), this, [this] {
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Open text files"));
    if (files.isEmpty()) return;
    corpus_->setInputs(files);
    showPage(QStringLiteral("corpus"));
  });
  open_text_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  file_menu_->addSeparator();
  quit_action_ = file_menu_->addAction(QString(), qApp, &QApplication::closeAllWindows);
  quit_action_->setShortcut(QKeySequence::Quit);

  view_menu_ = menuBar()->addMenu(QString());
  for (int i = 0; i < keys_.size(); ++i) {
    auto* action = view_menu_->addAction(QString());
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    const QString key = keys_[i];
    connect(action, &QAction::triggered, this, [this, key] { showPage(key); });
    page_actions_ << action;
  }
  view_menu_->addSeparator();
  language_menu_ = view_menu_->addMenu(QString());
  language_group_ = new QActionGroup(this);
  // Language names are written in their own language, so anyone can find theirs.
  const QList<QPair<QString, QString>> languages = {
      {QStringLiteral("en"), QStringLiteral("English")},
      {QStringLiteral("tr"), QStringLiteral("Türkçe")}};
  for (const auto& [code, name] : languages) {
    auto* action = language_menu_->addAction(name);
    action->setCheckable(true);
    action->setData(code);
    action->setChecked(code == currentLanguage());
    language_group_->addAction(action);
    connect(action, &QAction::triggered, this, [code] { setLanguage(code); });
  }

  help_menu_ = menuBar()->addMenu(QString());
  about_action_ = help_menu_->addAction(QString(), this, &MainWindow::showAbout);
  about_action_->setShortcut(QKeySequence::HelpContents);
}

void MainWindow::showAbout() {
  AboutDialog dialog(home_->report(), this);
  dialog.exec();
}

void MainWindow::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/page"), currentPageKey());
  event->accept();
}

void MainWindow::retranslate() {
  setWindowTitle(tr("Ahenk Workbench %1").arg(QStringLiteral(AHENK_VERSION)));
  const QStringList titles = {tr("Home"),     tr("Corpus"),     tr("Filters"),
                              tr("Dedup"),    tr("Tokenizer"),  tr("Train"),
                              tr("Sessions"), tr("Playground"), tr("Inspect")};
  for (int i = 0; i < navigation_->count() && i < titles.size(); ++i) {
    navigation_->item(i)->setText(titles[i]);
    if (i < page_actions_.size()) page_actions_[i]->setText(titles[i]);
  }
  file_menu_->setTitle(tr("&File"));
  new_session_action_->setText(tr("&New Session..."));
  open_session_action_->setText(tr("&Open Session..."));
  open_text_action_->setText(tr("Open &Text Files..."));
  quit_action_->setText(tr("&Quit"));
  view_menu_->setTitle(tr("&View"));
  language_menu_->setTitle(tr("&Language"));
  help_menu_->setTitle(tr("&Help"));
  about_action_->setText(tr("&About Ahenk"));
  for (auto* action : language_group_->actions()) {
    action->setChecked(action->data().toString() == currentLanguage());
  }
  statusBar()->showMessage(tr("Session: %1").arg(session_file_));
}

}  // namespace ahenk::ui
