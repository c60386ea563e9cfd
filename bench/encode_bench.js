// Encoding throughput of the Node tokenizers on a text file, one document per line, on all
// cores: Hugging Face tokenizers (encodeBatch, its Rust thread pool) with a tokenizer.json, or
// tiktoken's cl100k_base (one call per 256 lines; tiktoken's WASM build runs on one thread).
// Prints {"seconds", "bytes", "tokens"} for the encoding alone (file already in memory).
// usage: node encode_bench.js hf TOKENIZER.json FILE | node encode_bench.js tiktoken FILE
const fs = require("fs");
(async () => {
  const [tool, a, b] = process.argv.slice(2);
  const file = tool === "hf" ? b : a;
  const text = fs.readFileSync(file, "utf8");
  const lines = text.split("\n");
  let tokens = 0;
  const start = process.hrtime.bigint();
  if (tool === "hf") {
    const { Tokenizer } = require("tokenizers");
    const tokenizer = Tokenizer.fromFile(a);
    for (let i = 0; i < lines.length; i += 4096) {
      const encodings = await tokenizer.encodeBatch(lines.slice(i, i + 4096));
      for (const e of encodings) tokens += e.getIds().length;
    }
  } else {
    const { get_encoding } = require("tiktoken");
    const enc = get_encoding("cl100k_base");
    for (let i = 0; i < lines.length; i += 256) tokens += enc.encode(lines.slice(i, i + 256).join("\n")).length;
    enc.free();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ seconds, bytes: Buffer.byteLength(text, "utf8"), tokens }));
})().catch((e) => {
  console.error(String(e));
  process.exit(1);
});
