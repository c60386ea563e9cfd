#include "about_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

#include "ahenk/version.h"
#include "report_tree.h"

namespace ahenk::ui {

AboutDialog::AboutDialog(const nlohmann::ordered_json& report, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("About Ahenk"));
  resize(640, 560);
  auto* layout = new QVBoxLayout(this);
  auto* text = new QLabel(this);
  text->setWordWrap(true);
  text->setText(tr("<h2>Ahenk %1</h2><p>A workbench that shows, live and step by step, how a "
                   "language model is trained from scratch on a pile of text files.</p>"
                   "<p>Built with %2 (%3).</p>")
                    .arg(QStringLiteral(AHENK_VERSION), QStringLiteral(AHENK_COMPILER),
                         QStringLiteral(AHENK_BUILD_TYPE)));
  layout->addWidget(text);
  auto* tree = new ReportTree(this);
  tree->setObjectName(QStringLiteral("aboutReport"));
  if (report.is_null()) {
    auto* wait = new QLabel(tr("The environment report is still being gathered."), this);
    layout->addWidget(wait);
  } else {
    tree->setReport(report);
  }
  layout->addWidget(tree, 1);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
}

}  // namespace ahenk::ui
