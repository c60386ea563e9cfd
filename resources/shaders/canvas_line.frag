#version 450
// Lines and filled shapes of a Canvas: the vertex colour as it is.
layout(location = 0) in vec4 color;
layout(location = 0) out vec4 out_color;

void main() {
  out_color = color;
}
