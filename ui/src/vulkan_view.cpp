#include "vulkan_view.h"

#include <QElapsedTimer>
#include <QEvent>
#include <QGuiApplication>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QTimer>
#include <QVBoxLayout>
#include <QVulkanFunctions>
#include <QVulkanInstance>
#include <QVulkanWindow>
#include <QWheelEvent>
#include <functional>

#include "ahenk/vulkan/offscreen.h"
#include "imgui_overlay.h"
#include "render.h"
#include "views.h"

namespace ahenk::ui {
namespace {

int imgui_button(Qt::MouseButton button) {
  switch (button) {
    case Qt::LeftButton:
      return 0;
    case Qt::RightButton:
      return 1;
    case Qt::MiddleButton:
      return 2;
    default:
      return -1;
  }
}

// Frame pacing shared by both backends: dt for animation and ImGui, and a smoothed frame time.
struct FrameClock {
  QElapsedTimer timer;
  double frame_ms = 0;
  float tick() {
    if (!timer.isValid()) {
      timer.start();
      return 1.0f / 60.0f;
    }
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    frame_ms = frame_ms == 0 ? ms : 0.9 * frame_ms + 0.1 * ms;
    return float(std::min(ms, 100.0) / 1000.0);
  }
};

}  // namespace

// What both backends share: the device the view draws with, the ImGui overlay, and which view's
// canvas is created on that device (switched at the next frame, or at once when the device exists).
struct ViewHost {
  vk::DeviceContext context;
  VkRenderPass pass = VK_NULL_HANDLE;
  VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
  inspect::ImGuiOverlay overlay;
  inspect::View* active = nullptr;
  bool ready = false;
  FrameClock clock;

  void start(const vk::DeviceContext& c, VkRenderPass p, VkSampleCountFlagBits s,
             const inspect::ImGuiOverlay::SubmitNow& submit_now) {
    context = c;
    pass = p;
    samples = s;
    overlay.create(context, pass, samples, submit_now);
    ready = true;
  }
  void stop() {
    if (active != nullptr) active->destroy();
    active = nullptr;
    overlay.destroy();
    ready = false;
  }
  void sync(inspect::View* wanted) {
    if (!ready || wanted == active) return;
    if (active != nullptr) active->destroy();
    active = wanted;
    if (active != nullptr) active->create(context, pass, samples);
  }
  void build(float width, float height) {
    const float dt = clock.tick();
    overlay.new_frame(width, height, dt, [&] {
      if (active != nullptr) active->frame({width, height, dt, true});
    });
  }
  void record(VkCommandBuffer cmd, VkExtent2D extent) {
    if (active != nullptr) active->record(cmd, extent);
    overlay.record(cmd);
  }
  bool more() const { return active != nullptr && active->needs_frame(); }

  void mouse_move(float x, float y) {
    overlay.mouse_move(x, y);
    if (active != nullptr) active->mouse_move(x, y);
  }
  void mouse_button(int button, bool down) {
    if (button < 0) return;
    const bool imgui = down && overlay.wants_mouse();
    overlay.mouse_button(button, down);
    if (active != nullptr && !imgui) active->mouse_button(button, down);
  }
  void wheel(float steps) {
    const bool imgui = overlay.wants_mouse();
    overlay.wheel(steps);
    if (active != nullptr && !imgui) active->wheel(steps);
  }
};

// Nothing to draw (no view chosen): the host only clears.
class EmptyScene final : public vk::Scene {
 public:
  void create(const vk::DeviceContext&, VkRenderPass, VkSampleCountFlagBits) override {}
  void destroy() override {}
  void record(VkCommandBuffer, VkExtent2D) override {}
};

// ---------------------------------------------------------------------------------------------
// Window backend.

class ViewRenderer final : public QVulkanWindowRenderer {
 public:
  ViewRenderer(QVulkanWindow* window, VulkanView* owner, std::function<void()> on_frame)
      : window_(window), owner_(owner), on_frame_(std::move(on_frame)) {}

  void initResources() override {
    QVulkanInstance* inst = window_->vulkanInstance();
    vk::DeviceContext context;
    context.instance = inst->vkInstance();
    context.physical_device = window_->physicalDevice();
    context.device = window_->device();
    context.queue_family = window_->graphicsQueueFamilyIndex();
    context.queue = window_->graphicsQueue();
    VkPhysicalDeviceProperties props;
    vkGetPhysicalDeviceProperties(context.physical_device, &props);
    device_name_ = QString::fromUtf8(props.deviceName);
    host_.start(context, window_->defaultRenderPass(), window_->sampleCountFlagBits(),
                [this](const inspect::ImGuiOverlay::Recorder& work) { submit_now(work); });
    host_.sync(owner_->view());
  }

  void releaseResources() override {
    vkDeviceWaitIdle(host_.context.device);
    host_.stop();
  }

  void startNextFrame() override {
    host_.sync(owner_->view());
    const QSize size = window_->swapChainImageSize();
    host_.build(float(size.width()), float(size.height()));

    VkCommandBuffer cmd = window_->currentCommandBuffer();
    VkClearValue clear[3]{};
    for (int i = 0; i < 4; ++i) clear[0].color.float32[i] = inspect::kBackground[size_t(i)];
    clear[1].depthStencil = {1.0f, 0};
    clear[2] = clear[0];
    if (host_.active != nullptr)
      host_.active->prepare(cmd, {uint32_t(size.width()), uint32_t(size.height())});
    VkRenderPassBeginInfo rbi{VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO};
    rbi.renderPass = window_->defaultRenderPass();
    rbi.framebuffer = window_->currentFramebuffer();
    rbi.renderArea.extent = {uint32_t(size.width()), uint32_t(size.height())};
    rbi.clearValueCount = window_->sampleCountFlagBits() > VK_SAMPLE_COUNT_1_BIT ? 3 : 2;
    rbi.pClearValues = clear;
    vkCmdBeginRenderPass(cmd, &rbi, VK_SUBPASS_CONTENTS_INLINE);
    host_.record(cmd, rbi.renderArea.extent);
    vkCmdEndRenderPass(cmd);
    window_->frameReady();
    ++frames_;
    // ImGui needs a couple of frames to settle hover/active states after input.
    if (host_.more() || pending_ > 0) {
      pending_ = std::max(0, pending_ - 1);
      window_->requestUpdate();
    }
    on_frame_();
  }

  void wake(int frames) {
    pending_ = std::max(pending_, frames);
    window_->requestUpdate();
  }
  // Switches now when the device exists (so an old view is released before it goes away).
  void sync() { host_.sync(owner_->view()); }

  ViewHost& host() { return host_; }
  quint64 frames() const { return frames_; }
  double frameMs() const { return host_.clock.frame_ms; }
  QString deviceName() const { return device_name_; }

 private:
  void submit_now(const inspect::ImGuiOverlay::Recorder& work) {
    VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    ai.commandPool = window_->graphicsCommandPool();
    ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    ai.commandBufferCount = 1;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    VkDevice device = window_->device();
    vk::check(vkAllocateCommandBuffers(device, &ai, &cmd), "vkAllocateCommandBuffers");
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    vkBeginCommandBuffer(cmd, &begin);
    work(cmd);
    vkEndCommandBuffer(cmd);
    VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cmd;
    VkQueue queue = window_->graphicsQueue();
    vk::check(vkQueueSubmit(queue, 1, &submit, VK_NULL_HANDLE), "vkQueueSubmit");
    vkQueueWaitIdle(queue);
    vkFreeCommandBuffers(device, ai.commandPool, 1, &cmd);
  }

  QVulkanWindow* window_;
  VulkanView* owner_;
  std::function<void()> on_frame_;
  ViewHost host_;
  QString device_name_;
  quint64 frames_ = 0;
  int pending_ = 2;
};

class ViewWindow final : public QVulkanWindow {
 public:
  ViewWindow(VulkanView* owner, std::function<void()> on_frame)
      : owner_(owner), on_frame_(std::move(on_frame)) {
    // UNORM, so colours match the offscreen path exactly (the default is an sRGB format).
    setPreferredColorFormats({VK_FORMAT_B8G8R8A8_UNORM, VK_FORMAT_R8G8B8A8_UNORM});
  }
  QVulkanWindowRenderer* createRenderer() override {
    renderer_ = new ViewRenderer(this, owner_, on_frame_);
    return renderer_;
  }
  ViewRenderer* renderer() const { return renderer_; }

 protected:
  void mouseMoveEvent(QMouseEvent* e) override {
    forward([&](ViewHost& h) {
      h.mouse_move(float(e->position().x() * devicePixelRatio()),
                   float(e->position().y() * devicePixelRatio()));
    });
  }
  void mousePressEvent(QMouseEvent* e) override {
    forward([&](ViewHost& h) { h.mouse_button(imgui_button(e->button()), true); });
  }
  void mouseReleaseEvent(QMouseEvent* e) override {
    forward([&](ViewHost& h) { h.mouse_button(imgui_button(e->button()), false); });
  }
  void wheelEvent(QWheelEvent* e) override {
    forward([&](ViewHost& h) { h.wheel(float(e->angleDelta().y()) / 120.0f); });
  }
  void keyPressEvent(QKeyEvent* e) override {
    if (!e->text().isEmpty()) {
      forward([&](ViewHost& h) { h.overlay.text(e->text().toUtf8().constData()); });
    }
  }

 private:
  template <class F>
  void forward(F&& f) {
    if (renderer_ == nullptr || !renderer_->host().ready) return;
    f(renderer_->host());
    renderer_->wake(3);
  }

  VulkanView* owner_;
  std::function<void()> on_frame_;
  ViewRenderer* renderer_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// Offscreen backend.

class OffscreenCanvas final : public QWidget {
 public:
  OffscreenCanvas(std::unique_ptr<vk::OffscreenRenderer> renderer, VulkanView* owner,
                  std::function<void()> on_frame, QWidget* parent)
      : QWidget(parent),
        renderer_(std::move(renderer)),
        owner_(owner),
        on_frame_(std::move(on_frame)) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(160, 120);
    host_.start(
        renderer_->context(), renderer_->render_pass(), VK_SAMPLE_COUNT_1_BIT,
        [this](const inspect::ImGuiOverlay::Recorder& work) { renderer_->submit_and_wait(work); });
    timer_.setSingleShot(true);
    timer_.setInterval(16);
    connect(&timer_, &QTimer::timeout, this, [this] { render(); });
  }
  ~OffscreenCanvas() override { host_.stop(); }

  void schedule(int frames) {
    pending_ = std::max(pending_, frames);
    if (!timer_.isActive()) timer_.start();
  }
  void sync() { host_.sync(owner_->view()); }
  const QImage& image() const { return image_; }
  quint64 frames() const { return frames_; }
  double frameMs() const { return host_.clock.frame_ms; }
  QString deviceName() const { return QString::fromStdString(renderer_->device_name()); }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter painter(this);
    if (image_.isNull() || image_.size() != pixel_size()) {
      render_now();
      // ImGui lays out an auto-sized window on its first frame and shows it on the next.
      schedule(2);
    }
    painter.drawImage(rect(), image_);
  }
  void resizeEvent(QResizeEvent*) override { schedule(1); }
  void mouseMoveEvent(QMouseEvent* e) override {
    host_.mouse_move(float(e->position().x() * devicePixelRatioF()),
                     float(e->position().y() * devicePixelRatioF()));
    schedule(2);
  }
  void mousePressEvent(QMouseEvent* e) override {
    host_.mouse_button(imgui_button(e->button()), true);
    schedule(2);
  }
  void mouseReleaseEvent(QMouseEvent* e) override {
    host_.mouse_button(imgui_button(e->button()), false);
    schedule(2);
  }
  void wheelEvent(QWheelEvent* e) override {
    host_.wheel(float(e->angleDelta().y()) / 120.0f);
    schedule(2);
  }
  void keyPressEvent(QKeyEvent* e) override {
    if (!e->text().isEmpty()) host_.overlay.text(e->text().toUtf8().constData());
    schedule(2);
  }

 private:
  QSize pixel_size() const { return size() * devicePixelRatioF(); }

  void render() {
    render_now();
    update();
    if (host_.more() || pending_ > 0) {
      pending_ = std::max(0, pending_ - 1);
      timer_.start();
    }
  }

  void render_now() {
    const QSize px = pixel_size();
    if (px.isEmpty()) return;
    host_.sync(owner_->view());
    host_.build(float(px.width()), float(px.height()));
    vk::Scene& scene = host_.active != nullptr ? static_cast<vk::Scene&>(host_.active->canvas())
                                               : static_cast<vk::Scene&>(empty_);
    const vk::Image frame =
        renderer_->render(scene, uint32_t(px.width()), uint32_t(px.height()), inspect::kBackground,
                          [this](VkCommandBuffer cmd) { host_.overlay.record(cmd); });
    image_ = QImage(frame.rgba.data(), int(frame.width), int(frame.height), int(frame.width * 4),
                    QImage::Format_RGBA8888)
                 .copy();
    image_.setDevicePixelRatio(devicePixelRatioF());
    ++frames_;
    on_frame_();
  }

  std::unique_ptr<vk::OffscreenRenderer> renderer_;
  VulkanView* owner_;
  std::function<void()> on_frame_;
  ViewHost host_;
  EmptyScene empty_;
  QTimer timer_;
  QImage image_;
  quint64 frames_ = 0;
  int pending_ = 1;
};

// ---------------------------------------------------------------------------------------------

VulkanView::VulkanView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto on_frame = [this] { emit frameRendered(); };

  const QString platform = QGuiApplication::platformName();
  const bool want_offscreen = qgetenv("AHENK_VULKAN_VIEW") == "offscreen" ||
                              platform == "offscreen" || platform == "minimal";
  if (!want_offscreen) {
    instance_ = std::make_unique<QVulkanInstance>();
    if (qgetenv("AHENK_VULKAN_VALIDATION") == "1") {
      instance_->setLayers({"VK_LAYER_KHRONOS_validation"});
    }
    if (instance_->create()) {
      window_ = new ViewWindow(this, on_frame);
      window_->setVulkanInstance(instance_.get());
      container_ = QWidget::createWindowContainer(window_, this);
      container_->setMinimumSize(160, 120);
      container_->setFocusPolicy(Qt::StrongFocus);
      layout->addWidget(container_);
      backend_ = Backend::Window;
      return;
    }
    instance_.reset();
  }
  std::string why;
  auto renderer = vk::OffscreenRenderer::create(&why);
  if (renderer) {
    try {
      canvas_ = new OffscreenCanvas(std::move(renderer), this, on_frame, this);
      layout->addWidget(canvas_);
      backend_ = Backend::Offscreen;
      return;
    } catch (const std::exception& e) {
      why = e.what();
    }
  }
  error_ = QString::fromStdString(why);
  message_ = new QLabel(this);
  message_->setWordWrap(true);
  message_->setAlignment(Qt::AlignCenter);
  layout->addWidget(message_);
  retranslate();
}

VulkanView::~VulkanView() {
  // The view's canvas is released with the device, before the view may go.
  view_ = nullptr;
  if (window_ && window_->renderer()) window_->renderer()->sync();
  if (canvas_) canvas_->sync();
  // The window (inside the container) must go before the Vulkan instance it draws with.
  delete container_;
  container_ = nullptr;
  window_ = nullptr;
}

QString VulkanView::backendName() const {
  switch (backend_) {
    case Backend::Window:
      return QStringLiteral("window");
    case Backend::Offscreen:
      return QStringLiteral("offscreen");
    default:
      return QStringLiteral("unavailable");
  }
}

QString VulkanView::deviceName() const {
  if (window_ && window_->renderer()) return window_->renderer()->deviceName();
  if (canvas_) return canvas_->deviceName();
  return {};
}

quint64 VulkanView::frames() const {
  if (window_ && window_->renderer()) return window_->renderer()->frames();
  if (canvas_) return canvas_->frames();
  return 0;
}

QImage VulkanView::capture() {
  if (window_ && window_->isExposed()) {
    // QVulkanWindow::grab() returns BGRA data labelled as RGBA (STACK.md): swap back.
    return window_->grab().rgbSwapped().convertToFormat(QImage::Format_RGB32);
  }
  if (canvas_) return canvas_->image().convertToFormat(QImage::Format_RGB32);
  return {};
}

double VulkanView::frameMs() const {
  if (window_ && window_->renderer()) return window_->renderer()->frameMs();
  if (canvas_) return canvas_->frameMs();
  return 0;
}

void VulkanView::setView(inspect::View* view) {
  view_ = view;
  // Release the old view's canvas now where the device exists; the new one is created there too.
  if (window_ && window_->renderer()) window_->renderer()->sync();
  if (canvas_) canvas_->sync();
  requestFrame();
}

void VulkanView::requestFrame() {
  if (window_ && window_->renderer()) window_->renderer()->wake(2);
  if (canvas_) canvas_->schedule(1);
}

void VulkanView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
    requestFrame();  // the overlay's labels are translated too
  }
  QWidget::changeEvent(event);
}

void VulkanView::retranslate() {
  if (message_) {
    message_->setText(
        tr("Vulkan is not available, so this view cannot be drawn.\n%1\n"
           "Install mesa-vulkan-drivers (a CPU renderer) or your GPU's Vulkan driver.")
            .arg(error_));
  }
}

}  // namespace ahenk::ui
