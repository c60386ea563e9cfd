// Encodes a file with Hugging Face tokenizers (npm `tokenizers`) and prints the ids as JSON; with
// --decode, prints {"ids": [...], "decoded": "..."} (HF's decoder applied to the ids).
// usage: node hf_encode.js tokenizer.json file.txt [--decode]
const { Tokenizer } = require("tokenizers");
const fs = require("fs");
(async () => {
  const tokenizer = Tokenizer.fromFile(process.argv[2]);
  const encoding = await tokenizer.encode(fs.readFileSync(process.argv[3], "utf8"));
  if (process.argv[4] === "--decode") {
    const decoded = await tokenizer.decode(encoding.getIds(), false);
    process.stdout.write(JSON.stringify({ ids: encoding.getIds(), decoded }));
  } else {
    process.stdout.write(JSON.stringify(encoding.getIds()));
  }
})().catch((e) => {
  console.error(String(e));
  process.exit(1);
});
