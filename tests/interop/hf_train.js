// Trains a tokenizer with Hugging Face tokenizers' default trainer for the model (BPE and
// WordPiece: vocab 30000; Unigram: vocab 8000); used by the interop test and the benchmarks.
// usage: node hf_train.js [--model bpe|unigram|wordpiece] [--like AHENK.json] OUT.json FILE...
// Byte-level BPE is trained as GPT-2's. Unigram and WordPiece are trained with Ahenk's
// normalizer (NFKC, spaces as "▁", "▁" at the start of the text and of each line) and HF's
// Metaspace word split; then the file gets Ahenk's pre-tokenizer and decoder (from the Ahenk
// file given with --like), the <unk> / [UNK] entry HF's default trainer leaves out, and is saved.
// Prints the training time and the vocabulary size as JSON.
const tk = require("tokenizers");
const fs = require("fs");
const args = process.argv.slice(2);
let model = "bpe", like = null;
while (args[0] && args[0].startsWith("--")) {
  const flag = args.shift();
  if (flag === "--model") model = args.shift();
  else if (flag === "--like") like = args.shift();
  else throw new Error("unknown flag " + flag);
}
const out = args.shift();
let tokenizer;
if (model === "bpe") {
  tokenizer = new tk.Tokenizer(tk.BPE.empty());
  tokenizer.setPreTokenizer(tk.byteLevelPreTokenizer(false, true));
} else {
  tokenizer = new tk.Tokenizer(model === "unigram" ? tk.Unigram.empty() : tk.WordPiece.empty());
  tokenizer.setNormalizer(tk.sequenceNormalizer([tk.nfkcNormalizer(), tk.replace(" ", "\u2581"),
    tk.replace("\n", "\n\u2581"), tk.prependNormalizer("\u2581")]));
  tokenizer.setPreTokenizer(tk.metaspacePreTokenizer("\u2581", "never", true));
}
const start = process.hrtime.bigint();
tokenizer.train(args);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
tokenizer.save(out);
const vocab = tokenizer.getVocabSize(true);
if (model !== "bpe") {
  const j = JSON.parse(fs.readFileSync(out, "utf8"));
  if (like) {
    const a = JSON.parse(fs.readFileSync(like, "utf8"));
    j.pre_tokenizer = a.pre_tokenizer;
    j.decoder = a.decoder;
  }
  if (model === "unigram" && j.model.unk_id === null) {
    j.model.vocab.unshift(["<unk>", 0.0]);
    j.model.unk_id = 0;
  }
  if (model === "wordpiece" && !(j.model.unk_token in j.model.vocab)) {
    j.model.vocab[j.model.unk_token] = Object.keys(j.model.vocab).length;
  }
  fs.writeFileSync(out, JSON.stringify(j, null, 2));
}
console.log(JSON.stringify({ seconds, vocab }));
