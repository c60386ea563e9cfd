#version 450
// Round points: fragments outside the disc inscribed in the point sprite are discarded.
layout(location = 0) in vec4 color;
layout(location = 0) out vec4 out_color;

void main() {
  vec2 d = gl_PointCoord * 2.0 - 1.0;
  if (dot(d, d) > 1.0) {
    discard;
  }
  out_color = color;
}
