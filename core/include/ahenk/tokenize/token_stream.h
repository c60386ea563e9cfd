// Token streams on disk, in llm.c's layout (and so loadable the nanoGPT way): a header of 256
// little-endian int32 (magic 20240520, version, token count), then the ids as uint16 (version 1,
// llm.c's) or uint32 (version 2, Ahenk's extension for vocabularies above 65536).
//
//   ahenk::tokenize::write_token_stream("train.bin", ids, vocab_size);  // picks uint16 when it
//   fits auto ids = ahenk::tokenize::read_token_stream("train.bin");         // checks magic and
//   size
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ahenk::tokenize {

inline constexpr std::int32_t kTokenStreamMagic = 20240520;

// Written to a temporary name and renamed. Throws std::runtime_error naming the path.
void write_token_stream(const std::string& path, const std::vector<std::uint32_t>& ids,
                        std::size_t vocab_size);
// Throws std::runtime_error naming the path and what is wrong (magic, version, truncated).
std::vector<std::uint32_t> read_token_stream(const std::string& path);

}  // namespace ahenk::tokenize
