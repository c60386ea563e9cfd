#version 450
// Heatmap tiles of a Canvas: each tile is a rectangle (two triangles, six vertices generated from
// gl_VertexIndex, no vertex buffer) that shows a rows x cols block of values read from a storage
// buffer by the fragment shader.
struct Tile {
  vec4 rect;    // x0, y0, x1, y1 in the view's units (y0 at the first row)
  uvec4 block;  // offset of the first value, cols, rows, colormap
  vec4 range;   // lo, hi (value mapped to the colormap's ends), unused, unused
};
layout(std430, set = 0, binding = 0) readonly buffer Tiles { Tile tiles[]; };

layout(push_constant) uniform Params {
  mat4 transform;
} params;

layout(location = 0) out vec2 uv;
layout(location = 1) flat out uvec4 block;  // the tile's, passed on so fragments read no tile
layout(location = 2) flat out vec2 range;

void main() {
  const vec2 corners[6] = vec2[](vec2(0, 0), vec2(1, 0), vec2(1, 1), vec2(0, 0), vec2(1, 1),
                                 vec2(0, 1));
  uint tile = uint(gl_VertexIndex) / 6u;
  vec2 c = corners[uint(gl_VertexIndex) % 6u];
  vec4 r = tiles[tile].rect;
  block = tiles[tile].block;
  range = tiles[tile].range.xy;
  uv = c;
  gl_Position = params.transform * vec4(mix(r.xy, r.zw, c), 0.0, 1.0);
}
