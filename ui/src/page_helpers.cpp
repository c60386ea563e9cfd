#include "page_helpers.h"

#include <QFormLayout>
#include <QLabel>

namespace ahenk::ui {

void setFormRow(QFormLayout* form, QWidget* field, const QString& text, const QString& tooltip) {
  if (auto* label = qobject_cast<QLabel*>(form->labelForField(field))) {
    label->setText(text);
    label->setToolTip(tooltip);
  }
  field->setToolTip(tooltip);
}

QLabel* makeErrorLabel(const QString& object_name) {
  auto* label = new QLabel();
  label->setObjectName(object_name);
  label->setWordWrap(true);
  label->setStyleSheet(QStringLiteral("color: #b00020;"));
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  label->hide();
  return label;
}

}  // namespace ahenk::ui
