#version 450
// Shows the splatted points: each pixel's winning colour; pixels no point reached stay as they are.
layout(set = 0, binding = 1, r32ui) uniform readonly uimage2D target;
layout(location = 0) out vec4 out_color;

void main() {
  uint v = imageLoad(target, ivec2(gl_FragCoord.xy)).r;
  if (v == 0u) {
    discard;
  }
  out_color = vec4(unpackUnorm4x8(v).rgb, 1.0);
}
