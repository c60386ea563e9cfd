#version 450
// Points splatted by a compute pass, for clouds too large to rasterise quickly on a CPU device
// (lavapipe sets up every point primitive on its own): one invocation per point writes the pixels
// of its disc (the pixel centres a rasterised round point of that diameter would cover) into an
// R32_UINT image with imageAtomicMax of (priority << 24 | rgb), so later points win, as they do
// when drawn in order. The composite pass (point_splat.frag) then shows the image.
layout(local_size_x = 64) in;

struct Vertex {
  float x, y, z;
  uint color;  // RGBA8, R in the low byte
  float size;  // diameter in pixels
};
layout(std430, set = 0, binding = 0) readonly buffer Points { Vertex points[]; };
layout(set = 0, binding = 1, r32ui) uniform uimage2D target;

layout(push_constant) uniform Params {
  mat4 transform;
  uvec2 extent;
  uint count;
  float max_size;
} params;

void main() {
  uint i = gl_GlobalInvocationID.x;
  if (i >= params.count) {
    return;
  }
  Vertex v = points[i];
  vec4 clip = params.transform * vec4(v.x, v.y, v.z, 1.0);
  if (!(clip.w > 0.0) || !(clip.z >= 0.0 && clip.z <= clip.w)) {
    return;  // outside the depth range, as clipping discards a rasterised point; or not a number
  }
  vec2 ndc = clip.xy / clip.w;
  vec2 centre = (ndc * 0.5 + 0.5) * vec2(params.extent);
  float r = min(v.size, params.max_size) * 0.5;
  uint priority = 1u + uint(float(i) * 254.0 / float(max(params.count, 1u)));
  uint packed = (priority << 24) | (v.color & 0x00ffffffu);
  ivec2 lo = max(ivec2(floor(centre - r)), ivec2(0));
  ivec2 hi = min(ivec2(ceil(centre + r)), ivec2(params.extent) - 1);
  for (int y = lo.y; y <= hi.y; ++y) {
    for (int x = lo.x; x <= hi.x; ++x) {
      vec2 d = vec2(x, y) + 0.5 - centre;
      if (dot(d, d) <= r * r) {
        imageAtomicMax(target, ivec2(x, y), packed);
      }
    }
  }
}
