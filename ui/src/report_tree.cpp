#include "report_tree.h"

#include <QEvent>
#include <QHeaderView>

namespace ahenk::ui {
namespace {

QString scalar(const nlohmann::ordered_json& value) {
  if (value.is_string()) return QString::fromStdString(value.get<std::string>());
  if (value.is_null()) return QStringLiteral("—");
  return QString::fromStdString(value.dump());
}

void add_children(QTreeWidgetItem* parent, const nlohmann::ordered_json& value) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      auto* item = new QTreeWidgetItem(parent, {QString::fromStdString(key)});
      if (child.is_object() || (child.is_array() && !child.empty() && child.front().is_object())) {
        add_children(item, child);
        item->setExpanded(true);
      } else if (child.is_array()) {
        QStringList parts;
        for (const auto& element : child) parts << scalar(element);
        item->setText(1, parts.isEmpty() ? QStringLiteral("—") : parts.join(QStringLiteral(", ")));
      } else {
        item->setText(1, scalar(child));
      }
    }
  } else if (value.is_array()) {
    int index = 0;
    for (const auto& element : value) {
      auto* item = new QTreeWidgetItem(parent, {QStringLiteral("[%1]").arg(index++)});
      if (element.contains("name")) item->setText(1, scalar(element["name"]));
      add_children(item, element);
      item->setExpanded(true);
    }
  }
}

}  // namespace

ReportTree::ReportTree(QWidget* parent) : QTreeWidget(parent) {
  setColumnCount(2);
  header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  setAlternatingRowColors(true);
  setSelectionMode(QAbstractItemView::SingleSelection);
  retranslate();
}

void ReportTree::setReport(const nlohmann::ordered_json& report) {
  report_ = report;
  rebuild();
}

void ReportTree::rebuild() {
  clear();
  for (const auto& [section, value] : report_.items()) {
    auto* item = new QTreeWidgetItem(this, {QString::fromStdString(section)});
    QFont bold = item->font(0);
    bold.setBold(true);
    item->setFont(0, bold);
    if (value.is_object() && value.contains("available")) {
      item->setText(1, value["available"].get<bool>() ? tr("available") : tr("not available"));
    } else if (value.is_object() && value.contains("version")) {
      item->setText(1, scalar(value["version"]));
    }
    add_children(item, value);
    item->setExpanded(true);
  }
}

void ReportTree::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QTreeWidget::changeEvent(event);
}

void ReportTree::retranslate() {
  setHeaderLabels({tr("Item"), tr("Value")});
  rebuild();  // the availability words are translated
}

}  // namespace ahenk::ui
