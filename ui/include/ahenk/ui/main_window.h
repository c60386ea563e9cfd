// The workbench's main window: a navigation list of the stages on the left, the chosen stage's page
// on the right, menus (File, View > Language, Help), a status bar. A stage's page appears when its
// capability exists; today: Home, Train, Sessions, Playground and Inspect. The window has one open
// session (File > New Session / Open Session; the default session at first), where the pages record
// their runs.
//
//   ahenk::ui::MainWindow window;
//   window.showPage("inspect");
//   window.show();
#pragma once

#include <QMainWindow>
#include <QStringList>

class QListWidget;
class QStackedWidget;
class QActionGroup;
class QMenu;
class QAction;

namespace ahenk::ui {

class HomePage;
class InspectPage;
class TrainPage;
class TokenizerPage;
class CorpusPage;
class FiltersPage;
class DedupPage;
class SessionsPage;
class PlaygroundPage;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Stable keys of the pages, in navigation order ("home", "corpus", "filters", "dedup",
  // "tokenizer", "train", "sessions", "playground", "inspect").
  QStringList pageKeys() const { return keys_; }
  bool showPage(const QString& key);
  QString currentPageKey() const;
  QListWidget* navigation() const { return navigation_; }
  HomePage* homePage() const { return home_; }
  InspectPage* inspectPage() const { return inspect_; }
  TrainPage* trainPage() const { return train_; }
  TokenizerPage* tokenizerPage() const { return tokenizer_; }
  CorpusPage* corpusPage() const { return corpus_; }
  FiltersPage* filtersPage() const { return filters_; }
  DedupPage* dedupPage() const { return dedup_; }
  SessionsPage* sessionsPage() const { return sessions_; }
  PlaygroundPage* playgroundPage() const { return playground_; }
  // The open session file; setting it makes every page record there (and is remembered).
  QString sessionFile() const { return session_file_; }
  void setSessionFile(const QString& file);

 public slots:
  void showAbout();

 protected:
  void changeEvent(QEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildMenus();
  void retranslate();
  void addPage(const QString& key, QWidget* page);

  QStringList keys_;
  QListWidget* navigation_ = nullptr;
  QStackedWidget* stack_ = nullptr;
  HomePage* home_ = nullptr;
  InspectPage* inspect_ = nullptr;
  TrainPage* train_ = nullptr;
  TokenizerPage* tokenizer_ = nullptr;
  CorpusPage* corpus_ = nullptr;
  FiltersPage* filters_ = nullptr;
  DedupPage* dedup_ = nullptr;
  SessionsPage* sessions_ = nullptr;
  PlaygroundPage* playground_ = nullptr;
  QString session_file_;
  QAction* new_session_action_ = nullptr;
  QAction* open_session_action_ = nullptr;
  QAction* open_text_action_ = nullptr;
  QMenu* file_menu_ = nullptr;
  QMenu* view_menu_ = nullptr;
  QMenu* language_menu_ = nullptr;
  QMenu* help_menu_ = nullptr;
  QAction* quit_action_ = nullptr;
  QAction* about_action_ = nullptr;
  QActionGroup* language_group_ = nullptr;
  QList<QAction*> page_actions_;
};

}  // namespace ahenk::ui
