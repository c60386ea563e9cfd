#include "page_helpers.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QUndoCommand>
#include <QUndoStack>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>
#include <QLabel>

namespace ahenk::ui {

void setFormRow(QFormLayout* form, QWidget* field, const QString& text, const QString& tooltip) {
  if (auto* label = qobject_cast<QLabel*>(form->labelForField(field))) {
    label->setText(text);
    label->setToolTip(tooltip);
  }
  field->setToolTip(tooltip);
}

void layoutStagePage(QWidget* page, QWidget* form, const QList<QWidget*>& buttons,
                     const QList<QWidget*>& below, QWidget* results) {
  auto* row = new QHBoxLayout();
  for (auto* b : buttons) row->addWidget(b);
  row->addStretch(1);
  auto* left = new QVBoxLayout();
  auto* scroll = new QScrollArea();
  scroll->setWidget(form);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  left->addWidget(scroll, 1);
  left->addLayout(row);
  for (auto* w : below) left->addWidget(w);
  auto* left_widget = new QWidget();
  left_widget->setLayout(left);
  left_widget->setMinimumWidth(330);
  auto* splitter = new QSplitter();
  splitter->addWidget(left_widget);
  splitter->addWidget(results);
  splitter->setStretchFactor(1, 1);
  splitter->setSizes({360, 900});
  auto* layout = new QVBoxLayout(page);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->addWidget(splitter);
}

QWidget* makeInputsRow(QLineEdit* field, QPushButton* files, QPushButton* folder, QWidget* page) {
  auto* row = new QWidget();
  auto* v = new QVBoxLayout(row);
  v->setContentsMargins(0, 0, 0, 0);
  v->addWidget(field);
  auto* h = new QHBoxLayout();
  h->addWidget(files);
  h->addWidget(folder);
  h->addStretch(1);
  v->addLayout(h);
  auto append = [field](const QStringList& more) {
    QStringList all = field->text().split(u';', Qt::SkipEmptyParts);
    all << more;
    field->setText(all.join(u';'));
    emit field->editingFinished();  // one edit (undo sees it)
  };
  QObject::connect(files, &QPushButton::clicked, page, [page, append] {
    const QStringList chosen = QFileDialog::getOpenFileNames(page, QObject::tr("Text files"));
    if (!chosen.isEmpty()) append(chosen);
  });
  QObject::connect(folder, &QPushButton::clicked, page, [page, append] {
    const QString dir =
        QFileDialog::getExistingDirectory(page, QObject::tr("A folder of text files"));
    if (!dir.isEmpty()) append({dir});
  });
  return row;
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

namespace ahenk::ui {

namespace {

class FormEdit final : public QUndoCommand {
 public:
  FormEdit(FormHistory* history, QList<QVariant> before, QList<QVariant> after)
      : history_(history), before_(std::move(before)), after_(std::move(after)) {
    setText(QObject::tr("edit the form"));
  }
  void undo() override { history_->restore(before_); }
  void redo() override {
    if (first_) {
      first_ = false;  // the form already shows it
      return;
    }
    history_->restore(after_);
  }

 private:
  FormHistory* history_;
  QList<QVariant> before_, after_;
  bool first_ = true;
};

}  // namespace

FormHistory::FormHistory(QWidget* form, QWidget* page) : QObject(page) {
  stack_ = new QUndoStack(this);
  for (auto* w : form->findChildren<QWidget*>()) {
    if (auto* e = qobject_cast<QLineEdit*>(w)) {
      if (qobject_cast<QAbstractSpinBox*>(e->parentWidget()) != nullptr) continue;  // a spin's
      connect(e, &QLineEdit::editingFinished, this, &FormHistory::changed);
    } else if (auto* c = qobject_cast<QComboBox*>(w)) {
      connect(c, &QComboBox::currentIndexChanged, this, &FormHistory::changed);
    } else if (auto* s = qobject_cast<QSpinBox*>(w)) {
      connect(s, &QSpinBox::valueChanged, this, &FormHistory::changed);
    } else if (auto* d = qobject_cast<QDoubleSpinBox*>(w)) {
      connect(d, &QDoubleSpinBox::valueChanged, this, &FormHistory::changed);
    } else if (auto* b = qobject_cast<QCheckBox*>(w)) {
      connect(b, &QCheckBox::toggled, this, &FormHistory::changed);
    } else {
      continue;
    }
    fields_ << w;
  }
  last_ = snapshot();
  auto* undo = stack_->createUndoAction(page);
  undo->setShortcut(QKeySequence::Undo);
  undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  auto* redo = stack_->createRedoAction(page);
  redo->setShortcut(QKeySequence::Redo);
  redo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  page->addAction(undo);
  page->addAction(redo);
}

QList<QVariant> FormHistory::snapshot() const {
  QList<QVariant> values;
  for (auto* w : fields_) {
    if (auto* e = qobject_cast<QLineEdit*>(w))
      values << e->text();
    else if (auto* c = qobject_cast<QComboBox*>(w))
      values << c->currentIndex();
    else if (auto* s = qobject_cast<QSpinBox*>(w))
      values << s->value();
    else if (auto* d = qobject_cast<QDoubleSpinBox*>(w))
      values << d->value();
    else if (auto* b = qobject_cast<QCheckBox*>(w))
      values << b->isChecked();
  }
  return values;
}

void FormHistory::restore(const QList<QVariant>& values) {
  restoring_ = true;
  for (int i = 0; i < fields_.size() && i < values.size(); ++i) {
    QWidget* w = fields_[i];
    if (auto* e = qobject_cast<QLineEdit*>(w))
      e->setText(values[i].toString());
    else if (auto* c = qobject_cast<QComboBox*>(w))
      c->setCurrentIndex(values[i].toInt());
    else if (auto* s = qobject_cast<QSpinBox*>(w))
      s->setValue(values[i].toInt());
    else if (auto* d = qobject_cast<QDoubleSpinBox*>(w))
      d->setValue(values[i].toDouble());
    else if (auto* b = qobject_cast<QCheckBox*>(w))
      b->setChecked(values[i].toBool());
  }
  last_ = snapshot();
  restoring_ = false;
}

void FormHistory::changed() {
  if (restoring_) return;
  const auto now = snapshot();
  if (now == last_) return;
  stack_->push(new FormEdit(this, last_, now));
  last_ = now;
}

}  // namespace ahenk::ui
