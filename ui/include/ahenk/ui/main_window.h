// The workbench's main window: a navigation list of the stages on the left, the chosen stage's page
// on the right, menus (File, View > Language, Help), a status bar. A stage's page appears when its
// capability exists; today: Home and Inspect.
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

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Stable keys of the pages, in navigation order ("home", "inspect").
  QStringList pageKeys() const { return keys_; }
  bool showPage(const QString& key);
  QString currentPageKey() const;
  QListWidget* navigation() const { return navigation_; }
  HomePage* homePage() const { return home_; }
  InspectPage* inspectPage() const { return inspect_; }

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
