// Help > About: the version, what Ahenk is, and the versions `ahenk doctor` reports.
#pragma once

#include <QDialog>
#include <nlohmann/json.hpp>

namespace ahenk::ui {

class AboutDialog : public QDialog {
  Q_OBJECT

 public:
  // `report` is the environment report (empty while it is still being gathered).
  AboutDialog(const nlohmann::ordered_json& report, QWidget* parent = nullptr);
};

}  // namespace ahenk::ui
