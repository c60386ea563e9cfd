// A read-only tree of a JSON report (the environment report): sections, keys and values.
#pragma once

#include <QTreeWidget>
#include <nlohmann/json.hpp>

namespace ahenk::ui {

class ReportTree : public QTreeWidget {
  Q_OBJECT

 public:
  explicit ReportTree(QWidget* parent = nullptr);
  void setReport(const nlohmann::ordered_json& report);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void rebuild();

  nlohmann::ordered_json report_;
};

}  // namespace ahenk::ui
