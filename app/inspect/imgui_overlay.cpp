#include "imgui_overlay.h"

#include <backends/imgui_impl_vulkan.h>
#include <imgui.h>

#include <filesystem>
#include <stdexcept>

namespace ahenk::inspect {
namespace {

// Latin (Turkish needs ğ ı İ ş, which the built-in font lacks), Greek, Cyrillic, and the marks that
// show tokens readably (␣ ↵ ⇥ ▁ ⟨⟩ …), arrows, maths operators (− ·) and legend dots (●).
const ImWchar kGlyphRanges[] = {0x0020, 0x024F, 0x0370, 0x03FF, 0x0400, 0x052F,
                                0x2000, 0x206F, 0x2190, 0x22FF, 0x2400, 0x243F,
                                0x2580, 0x25FF, 0x27E8, 0x27EB, 0};
const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

void check_result(VkResult result) {
  if (result != VK_SUCCESS) throw vk::VulkanError("ImGui Vulkan backend", result);
}

}  // namespace

ImGuiOverlay::ImGuiOverlay() {
  ImGuiContext* previous = ImGui::GetCurrentContext();
  context_ = ImGui::CreateContext();
  ImGui::SetCurrentContext(context_);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the workbench restores its own layout
  io.LogFilename = nullptr;
  if (std::filesystem::exists(kFontPath)) {
    io.Fonts->AddFontFromFileTTF(kFontPath, 15.0f, nullptr, kGlyphRanges);
  } else {
    io.Fonts->AddFontDefault();
  }
  ImGui::StyleColorsDark();
  ImGui::GetStyle().WindowRounding = 4.0f;
  ImGui::GetStyle().Alpha = 0.92f;
  ImGui::SetCurrentContext(previous);
}

ImGuiOverlay::~ImGuiOverlay() {
  destroy();
  ImGui::DestroyContext(context_);
}

void ImGuiOverlay::make_current() const {
  ImGui::SetCurrentContext(context_);
}

void ImGuiOverlay::create(const vk::DeviceContext& context, VkRenderPass render_pass,
                          VkSampleCountFlagBits samples, const SubmitNow& submit_now) {
  destroy();
  make_current();
  VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 8}};
  VkDescriptorPoolCreateInfo pi{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
  pi.flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT;
  pi.maxSets = 8;
  pi.poolSizeCount = 1;
  pi.pPoolSizes = sizes;
  VkDescriptorPool pool = VK_NULL_HANDLE;
  vk::check(vkCreateDescriptorPool(context.device, &pi, nullptr, &pool), "vkCreateDescriptorPool");
  pool_ = vk::UniqueDescriptorPool(context.device, pool);

  ImGui_ImplVulkan_InitInfo info{};
  info.Instance = context.instance;
  info.PhysicalDevice = context.physical_device;
  info.Device = context.device;
  info.QueueFamily = context.queue_family;
  info.Queue = context.queue;
  info.DescriptorPool = pool;
  info.MinImageCount = 2;
  info.ImageCount = 3;  // >= frames in flight of either host (Qt's QVulkanWindow allows up to 3)
  info.MSAASamples = samples;
  info.CheckVkResultFn = check_result;
  if (!ImGui_ImplVulkan_Init(&info, render_pass)) {
    pool_.reset();
    throw std::runtime_error("ImGui_ImplVulkan_Init failed");
  }
  created_ = true;
  submit_now([](VkCommandBuffer cmd) { ImGui_ImplVulkan_CreateFontsTexture(cmd); });
  ImGui_ImplVulkan_DestroyFontUploadObjects();
}

void ImGuiOverlay::destroy() {
  if (!created_) return;
  make_current();
  if (frame_open_) ImGui::EndFrame();
  frame_open_ = false;
  ImGui_ImplVulkan_Shutdown();
  pool_.reset();
  created_ = false;
}

void ImGuiOverlay::mouse_move(float x, float y) {
  make_current();
  ImGui::GetIO().MousePos = ImVec2(x, y);
}

void ImGuiOverlay::mouse_button(int button, bool down) {
  if (button < 0 || button > 2) return;
  make_current();
  ImGui::GetIO().MouseDown[button] = down;
}

void ImGuiOverlay::wheel(float steps) {
  make_current();
  ImGui::GetIO().MouseWheel += steps;
}

void ImGuiOverlay::text(const char* utf8) {
  make_current();
  ImGui::GetIO().AddInputCharactersUTF8(utf8);
}

bool ImGuiOverlay::wants_mouse() const {
  make_current();
  return ImGui::GetIO().WantCaptureMouse;
}

void ImGuiOverlay::new_frame(float width, float height, float dt_seconds,
                             const std::function<void()>& build) {
  if (!created_) return;
  make_current();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(width, height);
  io.DeltaTime = dt_seconds > 0 ? dt_seconds : 1.0f / 60.0f;
  ImGui_ImplVulkan_NewFrame();
  ImGui::NewFrame();
  frame_open_ = true;
  build();
  ImGui::Render();
  frame_open_ = false;
}

void ImGuiOverlay::record(VkCommandBuffer command_buffer) {
  if (!created_) return;
  make_current();
  ImDrawData* data = ImGui::GetDrawData();
  if (data != nullptr) ImGui_ImplVulkan_RenderDrawData(data, command_buffer);
}

}  // namespace ahenk::inspect
