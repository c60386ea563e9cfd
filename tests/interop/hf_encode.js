// Encodes a file with Hugging Face tokenizers (npm `tokenizers`) and prints the ids as JSON.
// usage: node hf_encode.js tokenizer.json file.txt
const { Tokenizer } = require("tokenizers");
const fs = require("fs");
(async () => {
  const tokenizer = Tokenizer.fromFile(process.argv[2]);
  const encoding = await tokenizer.encode(fs.readFileSync(process.argv[3], "utf8"));
  process.stdout.write(JSON.stringify(encoding.getIds()));
})().catch((e) => {
  console.error(String(e));
  process.exit(1);
});
