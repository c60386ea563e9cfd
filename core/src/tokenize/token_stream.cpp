#include "ahenk/tokenize/token_stream.h"

#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "ahenk/message.h"

namespace ahenk::tokenize {

void write_token_stream(const std::string& path, const std::vector<std::uint32_t>& ids,
                        std::size_t vocab_size) {
  const bool narrow = vocab_size <= 65536;
  std::array<std::int32_t, 256> header{};
  header[0] = kTokenStreamMagic;
  header[1] = narrow ? 1 : 2;
  if (ids.size() > std::size_t(INT32_MAX))
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: more than 2^31 tokens in one file"),
                       {path});
  header[2] = std::int32_t(ids.size());
  const std::string partial = path + ".partial-" + std::to_string(::getpid());
  {
    std::ofstream out(partial, std::ios::binary);
    if (!out)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot write (check the folder)"),
                         {path});
    out.write(reinterpret_cast<const char*>(header.data()), sizeof(header));
    if (narrow) {
      std::vector<std::uint16_t> small(ids.begin(), ids.end());
      out.write(reinterpret_cast<const char*>(small.data()), std::streamsize(small.size() * 2));
    } else {
      out.write(reinterpret_cast<const char*>(ids.data()), std::streamsize(ids.size() * 4));
    }
    if (!out)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: write failed (disk full?)"), {path});
  }
  std::filesystem::rename(partial, path);
}

std::vector<std::uint32_t> read_token_stream(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot open the token file"), {path});
  std::array<std::int32_t, 256> header{};
  in.read(reinterpret_cast<char*>(header.data()), sizeof(header));
  if (in.gcount() != sizeof(header) || header[0] != kTokenStreamMagic) {
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine",
                                         "%1: not a token file (bad magic number; "
                                         "expected an llm.c-style header)"),
                       {path});
  }
  if (header[1] != 1 && header[1] != 2) {
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: unknown token file version %2"),
                       {path, std::to_string(header[1])});
  }
  const std::size_t count = std::size_t(header[2]);
  std::vector<std::uint32_t> ids(count);
  if (header[1] == 1) {
    std::vector<std::uint16_t> small(count);
    in.read(reinterpret_cast<char*>(small.data()), std::streamsize(count * 2));
    if (std::size_t(in.gcount()) != count * 2)
      throw RuntimeError(
          QT_TRANSLATE_NOOP("Engine", "%1: truncated (fewer tokens than the header says)"), {path});
    ids.assign(small.begin(), small.end());
  } else {
    in.read(reinterpret_cast<char*>(ids.data()), std::streamsize(count * 4));
    if (std::size_t(in.gcount()) != count * 4)
      throw RuntimeError(
          QT_TRANSLATE_NOOP("Engine", "%1: truncated (fewer tokens than the header says)"), {path});
  }
  return ids;
}

}  // namespace ahenk::tokenize
