// Small pieces the pages share.
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QVariant>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QWidget;
class QUndoStack;

namespace ahenk::ui {

// Sets a form row's label text and its tooltip (on the label and on the field): the teaching
// sentence shows wherever the pointer rests.
void setFormRow(QFormLayout* form, QWidget* field, const QString& text, const QString& tooltip);

// A page's inline error: red, wrapped, selectable (to copy into a bug report), hidden until set.
QLabel* makeErrorLabel(const QString& object_name);

// A stage page's layout: on the left the form (scrolling), its buttons in a row, then the
// progress bar and the status, error and summary lines; on the right the results; a splitter
// between them.
void layoutStagePage(QWidget* page, QWidget* form, const QList<QWidget*>& buttons,
                     const QList<QWidget*>& below, QWidget* results);

// A text field for files and folders (separated by ';') with Files... and Folder... buttons
// under it that add to what it holds; returns the row to put in a form.
QWidget* makeInputsRow(QLineEdit* field, QPushButton* files, QPushButton* folder, QWidget* page);

}  // namespace ahenk::ui

namespace ahenk::ui {

// Undo and redo of a form's edits: every line edit, combo box, spin box and check box under
// `form` is watched, and each change (a line edit's when editing finishes) is one step. The page
// gets Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z) actions for while it has the focus; a focused line
// edit keeps its own undo of typing.
class FormHistory : public QObject {
 public:
  FormHistory(QWidget* form, QWidget* page);
  QUndoStack* stack() const { return stack_; }
  // The fields' values, and setting them back (as undo does), for tests.
  QList<QVariant> snapshot() const;
  void restore(const QList<QVariant>& values);
  // Takes the fields as they are now as the state before the next edit (after the page set them
  // itself, which is not an edit to undo).
  void sync() { last_ = snapshot(); }

 private:
  void changed();
  QList<QWidget*> fields_;
  QList<QVariant> last_;
  bool restoring_ = false;
  QUndoStack* stack_ = nullptr;
};

}  // namespace ahenk::ui
