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
#include "ahenk/vulkan/point_grid_scene.h"
#include "imgui_overlay.h"

namespace ahenk::ui {
namespace {

constexpr std::array<float, 4> kClearColor{0.07f, 0.08f, 0.11f, 1.0f};

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

// ---------------------------------------------------------------------------------------------
// Window backend.

class GridRenderer final : public QVulkanWindowRenderer {
 public:
  GridRenderer(QVulkanWindow* window, GridViewState* state, std::function<void()> on_frame)
      : window_(window), state_(state), on_frame_(std::move(on_frame)) {}

  void initResources() override {
    QVulkanInstance* inst = window_->vulkanInstance();
    context_.instance = inst->vkInstance();
    context_.physical_device = window_->physicalDevice();
    context_.device = window_->device();
    context_.queue_family = window_->graphicsQueueFamilyIndex();
    context_.queue = window_->graphicsQueue();
    VkPhysicalDeviceProperties props;
    vkGetPhysicalDeviceProperties(context_.physical_device, &props);
    device_name_ = QString::fromUtf8(props.deviceName);
    scene_.create(context_, window_->defaultRenderPass(), window_->sampleCountFlagBits());
    overlay_.create(context_, window_->defaultRenderPass(), window_->sampleCountFlagBits(),
                    [this](const ImGuiOverlay::Recorder& work) { submit_now(work); });
  }

  void releaseResources() override {
    vkDeviceWaitIdle(context_.device);
    overlay_.destroy();
    scene_.destroy();
  }

  void startNextFrame() override {
    const float dt = clock_.tick();
    scene_.params() = state_->params;
    const QSize size = window_->swapChainImageSize();
    overlay_.new_frame(float(size.width()), float(size.height()), dt, [&] {
      build_grid_controls(*state_, dt, scene_.max_point_size(), "window", clock_.frame_ms);
    });
    scene_.params() = state_->params;

    VkCommandBuffer cmd = window_->currentCommandBuffer();
    VkClearValue clear[3]{};
    for (int i = 0; i < 4; ++i) clear[0].color.float32[i] = kClearColor[size_t(i)];
    clear[1].depthStencil = {1.0f, 0};
    clear[2] = clear[0];
    VkRenderPassBeginInfo rbi{VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO};
    rbi.renderPass = window_->defaultRenderPass();
    rbi.framebuffer = window_->currentFramebuffer();
    rbi.renderArea.extent = {uint32_t(size.width()), uint32_t(size.height())};
    rbi.clearValueCount = window_->sampleCountFlagBits() > VK_SAMPLE_COUNT_1_BIT ? 3 : 2;
    rbi.pClearValues = clear;
    vkCmdBeginRenderPass(cmd, &rbi, VK_SUBPASS_CONTENTS_INLINE);
    scene_.record(cmd, rbi.renderArea.extent);
    overlay_.record(cmd);
    vkCmdEndRenderPass(cmd);
    window_->frameReady();
    ++frames_;
    // ImGui needs a couple of frames to settle hover/active states after input.
    if (state_->animate || pending_ > 0) {
      pending_ = std::max(0, pending_ - 1);
      window_->requestUpdate();
    }
    on_frame_();
  }

  void wake(int frames) {
    pending_ = std::max(pending_, frames);
    window_->requestUpdate();
  }

  ImGuiOverlay& overlay() { return overlay_; }
  quint64 frames() const { return frames_; }
  QString deviceName() const { return device_name_; }

 private:
  void submit_now(const ImGuiOverlay::Recorder& work) {
    VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    ai.commandPool = window_->graphicsCommandPool();
    ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    ai.commandBufferCount = 1;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    vk::check(vkAllocateCommandBuffers(context_.device, &ai, &cmd), "vkAllocateCommandBuffers");
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    vkBeginCommandBuffer(cmd, &begin);
    work(cmd);
    vkEndCommandBuffer(cmd);
    VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cmd;
    vk::check(vkQueueSubmit(context_.queue, 1, &submit, VK_NULL_HANDLE), "vkQueueSubmit");
    vkQueueWaitIdle(context_.queue);
    vkFreeCommandBuffers(context_.device, ai.commandPool, 1, &cmd);
  }

  QVulkanWindow* window_;
  GridViewState* state_;
  std::function<void()> on_frame_;
  vk::DeviceContext context_;
  vk::PointGridScene scene_;
  ImGuiOverlay overlay_;
  FrameClock clock_;
  QString device_name_;
  quint64 frames_ = 0;
  int pending_ = 2;
};

class GridWindow final : public QVulkanWindow {
 public:
  GridWindow(GridViewState* state, std::function<void()> on_frame)
      : state_(state), on_frame_(std::move(on_frame)) {
    // UNORM, so colours match the offscreen path exactly (the default is an sRGB format).
    setPreferredColorFormats({VK_FORMAT_B8G8R8A8_UNORM, VK_FORMAT_R8G8B8A8_UNORM});
  }
  QVulkanWindowRenderer* createRenderer() override {
    renderer_ = new GridRenderer(this, state_, on_frame_);
    return renderer_;
  }
  GridRenderer* renderer() const { return renderer_; }

 protected:
  void mouseMoveEvent(QMouseEvent* e) override {
    forward([&](ImGuiOverlay& o) {
      o.mouse_move(float(e->position().x() * devicePixelRatio()),
                   float(e->position().y() * devicePixelRatio()));
    });
  }
  void mousePressEvent(QMouseEvent* e) override {
    forward([&](ImGuiOverlay& o) { o.mouse_button(imgui_button(e->button()), true); });
  }
  void mouseReleaseEvent(QMouseEvent* e) override {
    forward([&](ImGuiOverlay& o) { o.mouse_button(imgui_button(e->button()), false); });
  }
  void wheelEvent(QWheelEvent* e) override {
    forward([&](ImGuiOverlay& o) { o.wheel(float(e->angleDelta().y()) / 120.0f); });
  }
  void keyPressEvent(QKeyEvent* e) override {
    if (!e->text().isEmpty()) {
      forward([&](ImGuiOverlay& o) { o.text(e->text().toUtf8().constData()); });
    }
  }

 private:
  template <class F>
  void forward(F&& f) {
    if (renderer_ == nullptr || !renderer_->overlay().created()) return;
    f(renderer_->overlay());
    renderer_->wake(3);
  }

  GridViewState* state_;
  std::function<void()> on_frame_;
  GridRenderer* renderer_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// Offscreen backend.

class OffscreenCanvas final : public QWidget {
 public:
  OffscreenCanvas(std::unique_ptr<vk::OffscreenRenderer> renderer, GridViewState* state,
                  std::function<void()> on_frame, QWidget* parent)
      : QWidget(parent),
        renderer_(std::move(renderer)),
        state_(state),
        on_frame_(std::move(on_frame)) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(160, 120);
    scene_.create(renderer_->context(), renderer_->render_pass(), VK_SAMPLE_COUNT_1_BIT);
    overlay_.create(
        renderer_->context(), renderer_->render_pass(), VK_SAMPLE_COUNT_1_BIT,
        [this](const ImGuiOverlay::Recorder& work) { renderer_->submit_and_wait(work); });
    timer_.setSingleShot(true);
    timer_.setInterval(16);
    connect(&timer_, &QTimer::timeout, this, [this] { render(); });
  }
  ~OffscreenCanvas() override {
    overlay_.destroy();
    scene_.destroy();
  }

  void schedule(int frames) {
    pending_ = std::max(pending_, frames);
    if (!timer_.isActive()) timer_.start();
  }
  const QImage& image() const { return image_; }
  quint64 frames() const { return frames_; }
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
    overlay_.mouse_move(float(e->position().x() * devicePixelRatioF()),
                        float(e->position().y() * devicePixelRatioF()));
    schedule(2);
  }
  void mousePressEvent(QMouseEvent* e) override {
    overlay_.mouse_button(imgui_button(e->button()), true);
    schedule(2);
  }
  void mouseReleaseEvent(QMouseEvent* e) override {
    overlay_.mouse_button(imgui_button(e->button()), false);
    schedule(2);
  }
  void wheelEvent(QWheelEvent* e) override {
    overlay_.wheel(float(e->angleDelta().y()) / 120.0f);
    schedule(2);
  }

 private:
  QSize pixel_size() const { return size() * devicePixelRatioF(); }

  void render() {
    render_now();
    update();
    if (state_->animate || pending_ > 0) {
      pending_ = std::max(0, pending_ - 1);
      timer_.start();
    }
  }

  void render_now() {
    const QSize px = pixel_size();
    if (px.isEmpty()) return;
    const float dt = clock_.tick();
    overlay_.new_frame(float(px.width()), float(px.height()), dt, [&] {
      build_grid_controls(*state_, dt, scene_.max_point_size(), "offscreen", clock_.frame_ms);
    });
    scene_.params() = state_->params;
    const vk::Image frame =
        renderer_->render(scene_, uint32_t(px.width()), uint32_t(px.height()), kClearColor,
                          [this](VkCommandBuffer cmd) { overlay_.record(cmd); });
    image_ = QImage(frame.rgba.data(), int(frame.width), int(frame.height), int(frame.width * 4),
                    QImage::Format_RGBA8888)
                 .copy();
    image_.setDevicePixelRatio(devicePixelRatioF());
    ++frames_;
    on_frame_();
  }

  std::unique_ptr<vk::OffscreenRenderer> renderer_;
  GridViewState* state_;
  std::function<void()> on_frame_;
  vk::PointGridScene scene_;
  ImGuiOverlay overlay_;
  FrameClock clock_;
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
      window_ = new GridWindow(&state_, on_frame);
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
      canvas_ = new OffscreenCanvas(std::move(renderer), &state_, on_frame, this);
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
