// Trains byte-level BPE with Hugging Face tokenizers' default trainer (vocab 30000); used by the
// interop test and by bench/bpe_train_bench.sh.
// Prints the training time and the vocabulary size. usage: node hf_train.js OUT.json FILE...
const { Tokenizer, BPE, byteLevelPreTokenizer } = require("tokenizers");
const tokenizer = new Tokenizer(BPE.empty());
tokenizer.setPreTokenizer(byteLevelPreTokenizer(false, true));
const start = process.hrtime.bigint();
tokenizer.train(process.argv.slice(3));
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
tokenizer.save(process.argv[2]);
console.log(JSON.stringify({ seconds, vocab: tokenizer.getVocabSize(true) }));
