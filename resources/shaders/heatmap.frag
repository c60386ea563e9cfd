#version 450
// Each fragment shows the value of its cell (nearest, no filtering: one cell is one token pair),
// NaN cells are left transparent, through a colormap: 0 viridis, 1 magma, 2 grey, 3 blue-white-red (diverging around the middle).
layout(std430, set = 0, binding = 1) readonly buffer Values { float values[]; };

layout(location = 0) in vec2 uv;
layout(location = 1) flat in uvec4 block;  // offset, cols, rows, colormap
layout(location = 2) flat in vec2 range;   // lo, hi
layout(location = 0) out vec4 out_color;

// Polynomial fits of matplotlib's viridis and magma (Matt Zucker's, public domain, max error ~1%).
vec3 viridis(float t) {
  const vec3 c0 = vec3(0.2777273272234177, 0.005407344544966578, 0.3340998053353061);
  const vec3 c1 = vec3(0.1050930431085774, 1.404613529898575, 1.384590162594685);
  const vec3 c2 = vec3(-0.3308618287255563, 0.214847559468213, 0.09509516302823659);
  const vec3 c3 = vec3(-4.634230498983486, -5.799100973351585, -19.33244095627987);
  const vec3 c4 = vec3(6.228269936347081, 14.17993336680509, 56.69055260068105);
  const vec3 c5 = vec3(4.776384997670288, -13.74514537774601, -65.35303263337234);
  const vec3 c6 = vec3(-5.435455855934631, 4.645852612178535, 26.3124352495832);
  return c0 + t * (c1 + t * (c2 + t * (c3 + t * (c4 + t * (c5 + t * c6)))));
}
vec3 magma(float t) {
  const vec3 c0 = vec3(-0.002136485053939582, -0.000749655052795221, -0.005386127855323933);
  const vec3 c1 = vec3(0.2516605407371642, 0.6775232436837668, 2.494026599312351);
  const vec3 c2 = vec3(8.353717279216625, -3.577719514958484, 0.3144679030132573);
  const vec3 c3 = vec3(-27.66873308576866, 14.26473078096533, -13.64921318813922);
  const vec3 c4 = vec3(52.17613981234068, -27.94360607168351, 12.94416944238394);
  const vec3 c5 = vec3(-50.76852536473588, 29.04658282127291, 4.23415299384598);
  const vec3 c6 = vec3(18.65570506591883, -11.48977351997711, -5.601961508734096);
  return c0 + t * (c1 + t * (c2 + t * (c3 + t * (c4 + t * (c5 + t * c6)))));
}
vec3 diverging(float t) {
  vec3 blue = vec3(0.23, 0.30, 0.75), white = vec3(0.97), red = vec3(0.71, 0.02, 0.15);
  return t < 0.5 ? mix(blue, white, t * 2.0) : mix(white, red, t * 2.0 - 1.0);
}

void main() {
  uvec4 b = block;
  uint col = min(uint(uv.x * float(b.y)), b.y - 1u);
  uint row = min(uint(uv.y * float(b.z)), b.z - 1u);
  float v = values[b.x + row * b.y + col];
  if (isnan(v)) {
    discard;  // no value here (above a causal mask's diagonal, say): the background shows
  }
  float t = clamp((v - range.x) / max(range.y - range.x, 1e-30), 0.0, 1.0);
  vec3 rgb;
  if (b.w == 1u) {
    rgb = magma(t);
  } else if (b.w == 2u) {
    rgb = vec3(t);
  } else if (b.w == 3u) {
    rgb = diverging(t);
  } else {
    rgb = viridis(t);
  }
  out_color = vec4(clamp(rgb, 0.0, 1.0), 1.0);
}
