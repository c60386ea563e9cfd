#version 450
// A grid of points generated from gl_VertexIndex (no vertex buffer): grid x grid points spanning
// [-0.8, 0.8] in normalized device coordinates, rotated by `angle`, kept square on any aspect ratio.
layout(push_constant) uniform Params {
  float point_size;  // diameter in pixels (clamped to the device's pointSizeRange by the host)
  float angle;       // radians, rotation about the centre
  uint grid;         // points per side
  float aspect;      // target width / height
} params;

layout(location = 0) out vec3 color;

void main() {
  uint i = uint(gl_VertexIndex);
  uint n = max(params.grid, 2u) - 1u;
  vec2 uv = vec2(float(i % params.grid), float(i / params.grid)) / float(n);
  vec2 p = (uv * 2.0 - 1.0) * 0.8;
  float c = cos(params.angle);
  float s = sin(params.angle);
  p = vec2(c * p.x - s * p.y, s * p.x + c * p.y);
  if (params.aspect > 1.0) {
    p.x /= params.aspect;
  } else {
    p.y *= params.aspect;
  }
  gl_Position = vec4(p, 0.0, 1.0);
  gl_PointSize = params.point_size;
  color = vec3(uv.x, uv.y, 1.0 - 0.5 * (uv.x + uv.y));
}
