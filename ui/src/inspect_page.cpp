#include "inspect_page.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

#include "vulkan_view.h"

namespace ahenk::ui {

InspectPage::InspectPage(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  intro_ = new QLabel(this);
  intro_->setWordWrap(true);
  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("inspectStatus"));
  view_ = new VulkanView(this);
  view_->setObjectName(QStringLiteral("inspectView"));
  layout->addWidget(intro_);
  layout->addWidget(view_, 1);
  layout->addWidget(status_);
  // The device name is known once the first frame is drawn.
  connect(view_, &VulkanView::frameRendered, this, [this] {
    if (status_->property("device").toString().isEmpty() && !view_->deviceName().isEmpty()) {
      status_->setProperty("device", view_->deviceName());
      retranslate();
    }
  });
  retranslate();
}

void InspectPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void InspectPage::retranslate() {
  intro_->setText(
      tr("A Vulkan view with its controls drawn by Dear ImGui in the same render pass. "
         "Drag the sliders in the overlay; tick Rotate to animate."));
  const QString device = status_->property("device").toString();
  QString backend;
  switch (view_->backend()) {
    case VulkanView::Backend::Window:
      backend = tr("in a Vulkan window");
      break;
    case VulkanView::Backend::Offscreen:
      backend = tr("offscreen, shown as an image");
      break;
    default:
      backend = tr("unavailable");
      break;
  }
  status_->setText(device.isEmpty() ? tr("Rendering %1").arg(backend)
                                    : tr("Rendering %1 on %2").arg(backend, device));
}

}  // namespace ahenk::ui
