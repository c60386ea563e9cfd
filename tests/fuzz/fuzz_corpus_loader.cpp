// A corpus file from untrusted bytes, as plain text, JSON Lines or compressed (the first byte picks
// the file name, the rest is the content): load_documents reports problems and never crashes; every
// document it delivers is valid UTF-8.
#include "ahenk/text/loader.h"
#include "ahenk/text/utf8.h"
#include <zlib.h>

#include <cstdlib>

#include "fuzz_support.h"

using namespace ahenk::text;

namespace {
bool valid_utf8(const std::string& s) {
  bool ok = true;
  Utf8Decoder decoder;
  auto check = [&](const Utf8Decoder::Event& e) { ok = ok && e.valid; };
  decoder.feed(reinterpret_cast<const unsigned char*>(s.data()), s.size(), check);
  decoder.finish(check);
  return ok;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const char* const kNames[] = {"doc.txt", "docs.jsonl", "docs.jsonl.gz", "doc.md"};
  if (size == 0) return 0;
  const auto path = ahenk::fuzz::write_input(kNames[data[0] % 4], data + 1, size - 1);
  LoadOptions options;
  options.split = static_cast<SplitMode>((data[0] >> 2) % 3);
  options.max_document_bytes = 4096;
  try {
    load_documents({path.string()}, options, [](Document&& doc) {
      if (!valid_utf8(doc.text)) std::abort();
    });
  } catch (const std::exception&) {
  }
  return 0;
}

std::vector<std::string> ahenk_fuzz_seeds() {
  std::vector<std::string> seeds;
  seeds.push_back(std::string(1, '\0') + "Merhaba dünya.\n\nİkinci paragraf.\r\nÜçüncü satır.\n");
  seeds.push_back(std::string(1, '\x01') +
                  "{\"id\": 1, \"text\": \"bir\"}\n{\"text\": \"iki\\u0131\"}\nnot json\n");
  seeds.push_back(std::string(1, '\x04') +
                  std::string("\xff\xfeM\0e\0r\0h\0a\0b\0a\0", 16));  // UTF-16LE
  seeds.push_back(std::string(1, '\x08') +
                  "Da\xfe"
                  " bir \xfe\xfe"
                  "ey, \xdd\xfe\xf0\xfd.\n");  // 1254
  // A gzip-compressed JSON Lines file.
  const std::string jsonl =
      "{\"text\": \"s\\u0131k\\u0131\\u015ft\\u0131r\\u0131lm\\u0131\\u015f\"}\n";
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY);
  std::string gz(256, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(jsonl.data()));
  z.avail_in = static_cast<uInt>(jsonl.size());
  z.next_out = reinterpret_cast<Bytef*>(gz.data());
  z.avail_out = static_cast<uInt>(gz.size());
  deflate(&z, Z_FINISH);
  gz.resize(z.total_out);
  deflateEnd(&z);
  seeds.push_back(std::string(1, '\x02') + gz);
  return seeds;
}
