// Small pieces the pages share.
#pragma once

#include <QString>

class QFormLayout;
class QLabel;
class QWidget;

namespace ahenk::ui {

// Sets a form row's label text and its tooltip (on the label and on the field): the teaching
// sentence shows wherever the pointer rests.
void setFormRow(QFormLayout* form, QWidget* field, const QString& text, const QString& tooltip);

// A page's inline error: red, wrapped, selectable (to copy into a bug report), hidden until set.
QLabel* makeErrorLabel(const QString& object_name);

}  // namespace ahenk::ui
