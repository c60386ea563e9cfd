#version 450
// Points and lines of a Canvas: a position in the view's units, mapped to clip space by one 4x4
// matrix (column-major), an RGBA8 colour and, for points, a diameter in pixels.
layout(push_constant) uniform Params {
  mat4 transform;
} params;

layout(location = 0) in vec3 position;
layout(location = 1) in vec4 color;
layout(location = 2) in float size;

layout(location = 0) out vec4 out_color;

void main() {
  gl_Position = params.transform * vec4(position, 1.0);
  gl_PointSize = size;
  out_color = color;
}
