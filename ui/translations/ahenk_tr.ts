<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr_TR">
<context>
    <name>Engine</name>
    <message>
        <source>RoPE rotates the queries and keys of attention; this %1 model has none</source>
        <translation>RoPE dikkatin sorgularını ve anahtarlarını döndürür; bu %1 modelinde dikkat yok</translation>
    </message>
    <message>
        <source>the spike raster needs a spiking model; this is a %1 model</source>
        <translation>diken ızgarası dikenli bir model ister; bu bir %1 modeli</translation>
    </message>
    <message>
        <source>the scan view needs a Mamba model; this is a %1 model</source>
        <translation>tarama görünümü bir Mamba modeli ister; bu bir %1 modeli</translation>
    </message>
    <message>
        <source>no tokens to run the model on</source>
        <translation>modelin okuyacağı belirteç yok</translation>
    </message>
    <message>
        <source>%1 tokens exceed the context of %2</source>
        <translation>%1 belirteç, %2 belirteçlik bağlamı aşıyor</translation>
    </message>
    <message>
        <source>this %1 model has no embed.weight parameter</source>
        <translation>bu %1 modelinin embed.weight parametresi yok</translation>
    </message>
    <message>
        <source>an attention map needs a model with attention; this is a %1 model</source>
        <translation>dikkat haritası dikkatli bir model ister; bu bir %1 modeli</translation>
    </message>
    <message>
        <source>the RoPE view needs a model with attention; this is a %1 model</source>
        <translation>RoPE görünümü dikkatli bir model ister; bu bir %1 modeli</translation>
    </message>
    <message>
        <source>layer %1 out of range (0-%2)</source>
        <translation>katman %1 aralık dışında (0-%2)</translation>
    </message>
    <message>
        <source>head %1 out of range (0-%2)</source>
        <translation>kafa %1 aralık dışında (0-%2)</translation>
    </message>
    <message>
        <source>band %1 out of range (0-%2)</source>
        <translation>bant %1 aralık dışında (0-%2)</translation>
    </message>
    <message>
        <source>positions must be between 1 and 4096</source>
        <translation>konum sayısı 1 ile 4096 arasında olmalı</translation>
    </message>
    <message>
        <source>query and key positions must lie in the prompt (0-%1)</source>
        <translation>sorgu ve anahtar konumları istemin içinde olmalı (0-%1)</translation>
    </message>
    <message>
        <source>channel %1 out of range (0-%2)</source>
        <translation>kanal %1 aralık dışında (0-%2)</translation>
    </message>
    <message>
        <source>state %1 out of range (0-%2)</source>
        <translation>durum %1 aralık dışında (0-%2)</translation>
    </message>
    <message>
        <source>the scan length must be between 1 and 1024</source>
        <translation>tarama uzunluğu 1 ile 1024 arasında olmalı</translation>
    </message>
    <message>
        <source>t-SNE needs at least 3 points of at least 1 dimension (got %1 x %2)</source>
        <translation>t-SNE en az 1 boyutlu en az 3 nokta ister (verilen: %1 x %2)</translation>
    </message>
    <message>
        <source>t-SNE perplexity must be at least 1 and below the number of points minus one (%1); got %2</source>
        <translation>t-SNE şaşkınlığı en az 1 ve nokta sayısının bir eksiğinden (%1) küçük olmalı; verilen: %2</translation>
    </message>
    <message>
        <source>t-SNE input has a value that is not finite (row %1)</source>
        <translation>t-SNE girdisinde sonlu olmayan bir değer var (satır %1)</translation>
    </message>
    <message>
        <source>%1: cannot open (does it exist and is it readable?)</source>
        <translation>%1: açılamıyor (var mı, okunabilir mi?)</translation>
    </message>
    <message>
        <source>no training data given</source>
        <translation>eğitim verisi verilmedi</translation>
    </message>
    <message>
        <source>val_fraction must be in [0, 1)</source>
        <translation>val_fraction [0, 1) aralığında olmalı</translation>
    </message>
    <message>
        <source>mix of token files and text files: give one kind (encode the text with &apos;ahenk tokenizer encode&apos; first, or pass the text only)</source>
        <translation>belirteç dosyaları ile metin dosyaları karışık: tek türünü verin (metni önce &apos;ahenk tokenizer encode&apos; ile kodlayın ya da yalnızca metni verin)</translation>
    </message>
    <message>
        <source>the data hold %1 tokens, fewer than one window of ctx + 1 = %2 (use more text or a smaller ctx)</source>
        <translation>veride %1 belirteç var, bir ctx + 1 = %2 penceresinden az (daha çok metin ya da daha küçük bir ctx kullanın)</translation>
    </message>
    <message>
        <source>%1: cannot create (is the folder writable?)</source>
        <translation>%1: oluşturulamıyor (klasör yazılabilir mi?)</translation>
    </message>
    <message>
        <source>%1: write failed (disk full?)</source>
        <translation>%1: yazılamadı (disk dolu mu?)</translation>
    </message>
    <message>
        <source>%1: cannot open (is this a checkpoint folder?)</source>
        <translation>%1: açılamıyor (bu bir denetim noktası klasörü mü?)</translation>
    </message>
    <message>
        <source>%1: byte %2: not valid JSON</source>
        <translation>%1: bayt %2: geçerli JSON değil</translation>
    </message>
    <message>
        <source>&quot;train&quot; must be a JSON object</source>
        <translation>&quot;train&quot; bir JSON nesnesi olmalı</translation>
    </message>
    <message>
        <source>train.%1 must be an integer &gt;= %2</source>
        <translation>train.%1, %2 veya daha büyük bir tamsayı olmalı</translation>
    </message>
    <message>
        <source>train.%1 must be a number</source>
        <translation>train.%1 bir sayı olmalı</translation>
    </message>
    <message>
        <source>unknown train setting &quot;%1&quot; (known: batch_size grad_accum lr min_lr warmup_steps max_steps weight_decay beta1 beta2 eps grad_clip eval_interval eval_batches log_interval checkpoint_interval seed val_fraction max_time threads)</source>
        <translation>bilinmeyen eğitim ayarı &quot;%1&quot; (bilinenler: batch_size grad_accum lr min_lr warmup_steps max_steps weight_decay beta1 beta2 eps grad_clip eval_interval eval_batches log_interval checkpoint_interval seed val_fraction max_time threads)</translation>
    </message>
    <message>
        <source>train.lr must be positive</source>
        <translation>train.lr pozitif olmalı</translation>
    </message>
    <message>
        <source>train.val_fraction must be in [0, 1)</source>
        <translation>train.val_fraction [0, 1) aralığında olmalı</translation>
    </message>
    <message>
        <source>train.beta1 and train.beta2 must be in [0, 1)</source>
        <translation>train.beta1 ve train.beta2 [0, 1) aralığında olmalı</translation>
    </message>
    <message>
        <source>the config must be a JSON object</source>
        <translation>yapılandırma bir JSON nesnesi olmalı</translation>
    </message>
    <message>
        <source>unknown config section &quot;%1&quot; (known: model, train, description, description_&lt;language&gt;)</source>
        <translation>bilinmeyen yapılandırma bölümü &quot;%1&quot; (bilinenler: model, train, description, description_&lt;dil&gt;)</translation>
    </message>
    <message>
        <source>the data contain token id %1 but the model&apos;s vocab_size is %2 (set model.vocab_size to the tokenizer&apos;s size)</source>
        <translation>veride %1 kimlikli belirteç var ama modelin vocab_size değeri %2 (model.vocab_size değerini belirteçleyicinin boyutuna ayarlayın)</translation>
    </message>
    <message>
        <source>the training data hold %1 tokens, fewer than one window of ctx + 1 = %2 (use more text or a smaller model.ctx)</source>
        <translation>eğitim verisinde %1 belirteç var, bir ctx + 1 = %2 penceresinden az (daha çok metin ya da daha küçük bir model.ctx kullanın)</translation>
    </message>
    <message>
        <source>%1: not an Ahenk checkpoint</source>
        <translation>%1: bir Ahenk denetim noktası değil</translation>
    </message>
    <message>
        <source>%1: written by a newer Ahenk (checkpoint version %2)</source>
        <translation>%1: daha yeni bir Ahenk tarafından yazılmış (denetim noktası sürümü %2)</translation>
    </message>
    <message>
        <source>the data differ from the run being resumed (%1 training tokens then, %2 now): resume with the same inputs and tokenizer</source>
        <translation>veri, sürdürülen çalıştırmanınkinden farklı (o zaman %1 eğitim belirteci, şimdi %2): aynı girdiler ve belirteçleyiciyle sürdürün</translation>
    </message>
    <message>
        <source>token id %1 is outside the model&apos;s vocabulary (%2): wrong tokenizer?</source>
        <translation>%1 kimlikli belirteç modelin sözcük dağarcığının (%2) dışında: yanlış belirteçleyici mi?</translation>
    </message>
    <message>
        <source>model spec must be a JSON object</source>
        <translation>model tanımı bir JSON nesnesi olmalı</translation>
    </message>
    <message>
        <source>model.%1 must be an integer</source>
        <translation>model.%1 bir tamsayı olmalı</translation>
    </message>
    <message>
        <source>model.%1 must be a number</source>
        <translation>model.%1 bir sayı olmalı</translation>
    </message>
    <message>
        <source>model.%1 must be true or false</source>
        <translation>model.%1 true ya da false olmalı</translation>
    </message>
    <message>
        <source>model.%1 must be one of %2</source>
        <translation>model.%1 şunlardan biri olmalı: %2</translation>
    </message>
    <message>
        <source>model.arch is not &quot;%1&quot;</source>
        <translation>model.arch &quot;%1&quot; değil</translation>
    </message>
    <message>
        <source>unknown %1 setting &quot;%2&quot; (known: %3)</source>
        <translation>bilinmeyen %1 ayarı &quot;%2&quot; (bilinenler: %3)</translation>
    </message>
    <message>
        <source>model.%1 must be positive</source>
        <translation>model.%1 pozitif olmalı</translation>
    </message>
    <message>
        <source>model.vocab_size is too large</source>
        <translation>model.vocab_size çok büyük</translation>
    </message>
    <message>
        <source>model.d_model (%1) must be a multiple of model.n_heads (%2)</source>
        <translation>model.d_model (%1), model.n_heads değerinin (%2) katı olmalı</translation>
    </message>
    <message>
        <source>model.d_model / model.n_heads must be even (RoPE rotates pairs)</source>
        <translation>model.d_model / model.n_heads çift olmalı (RoPE çiftleri döndürür)</translation>
    </message>
    <message>
        <source>model.ffn_hidden must be &gt;= 0</source>
        <translation>model.ffn_hidden &gt;= 0 olmalı</translation>
    </message>
    <message>
        <source>model.rope_theta must be &gt; 1</source>
        <translation>model.rope_theta &gt; 1 olmalı</translation>
    </message>
    <message>
        <source>model.norm_eps must be &gt; 0</source>
        <translation>model.norm_eps &gt; 0 olmalı</translation>
    </message>
    <message>
        <source>model.steps must be at most 256</source>
        <translation>model.steps en çok 256 olmalı</translation>
    </message>
    <message>
        <source>model.threshold must be &gt; 0</source>
        <translation>model.threshold &gt; 0 olmalı</translation>
    </message>
    <message>
        <source>model.beta must be in [0, 1]</source>
        <translation>model.beta [0, 1] aralığında olmalı</translation>
    </message>
    <message>
        <source>model.slope must be &gt;= 0</source>
        <translation>model.slope &gt;= 0 olmalı</translation>
    </message>
    <message>
        <source>%1: no such archive file</source>
        <translation>%1: böyle bir arşiv dosyası yok</translation>
    </message>
    <message>
        <source>%1: already exists; choose another name (nothing was changed)</source>
        <translation>%1: zaten var; başka bir ad seçin (hiçbir şey değiştirilmedi)</translation>
    </message>
    <message>
        <source>neither XDG_DATA_HOME nor HOME is set: pass --session FILE</source>
        <translation>ne XDG_DATA_HOME ne de HOME tanımlı: --session DOSYA verin</translation>
    </message>
    <message>
        <source>%1: no such session file (create one with &apos;ahenk session new&apos;)</source>
        <translation>%1: böyle bir oturum dosyası yok (&apos;ahenk session new&apos; ile oluşturun)</translation>
    </message>
    <message>
        <source>%1: is a folder, not a session file</source>
        <translation>%1: bir klasör, oturum dosyası değil</translation>
    </message>
    <message>
        <source>%1: an empty file, not yet an Ahenk session</source>
        <translation>%1: boş bir dosya, henüz bir Ahenk oturumu değil</translation>
    </message>
    <message>
        <source>%1: no run %2 (see &apos;ahenk session runs&apos;)</source>
        <translation>%1: %2 numaralı çalıştırma yok (bkz. &apos;ahenk session runs&apos;)</translation>
    </message>
    <message>
        <source>%1: the artifact&apos;s file is missing (was the %2 folder moved or deleted?)</source>
        <translation>%1: yapıtın dosyası eksik (%2 klasörü taşındı ya da silindi mi?)</translation>
    </message>
    <message>
        <source>%1: content does not match its SHA-256 (damaged)</source>
        <translation>%1: içerik SHA-256 özetiyle uyuşmuyor (bozuk)</translation>
    </message>
    <message>
        <source>cannot read %1 (run the corpus stage first)</source>
        <translation>%1 okunamıyor (önce derlem aşamasını çalıştırın)</translation>
    </message>
    <message>
        <source>cannot read %1</source>
        <translation>%1 okunamıyor</translation>
    </message>
    <message>
        <source>%1: line %2 is not JSON</source>
        <translation>%1: %2. satır JSON değil</translation>
    </message>
    <message>
        <source>%1: no deduplication in this run (run the corpus stage with deduplication on)</source>
        <translation>%1: bu çalıştırmada kopya ayıklama yok (derlem aşamasını kopya ayıklamayla çalıştırın)</translation>
    </message>
    <message>
        <source>%1: no kept.jsonl/removed.jsonl to change</source>
        <translation>%1: değiştirilecek kept.jsonl/removed.jsonl yok</translation>
    </message>
    <message>
        <source>language &apos;%1&apos;: the minimum score must be a number, e.g. tr:0.5</source>
        <translation>dil &apos;%1&apos;: en düşük puan bir sayı olmalı, örneğin tr:0.5</translation>
    </message>
    <message>
        <source>language &apos;%1&apos;: use an ISO 639-1 code such as tr or en</source>
        <translation>dil &apos;%1&apos;: tr ya da en gibi bir ISO 639-1 kodu kullanın</translation>
    </message>
    <message>
        <source>no output folder given</source>
        <translation>çıktı klasörü verilmedi</translation>
    </message>
    <message>
        <source>%1: cannot create the output folder: %2</source>
        <translation>%1: çıktı klasörü oluşturulamıyor: %2</translation>
    </message>
    <message>
        <source>%1: cannot open the tokenizer file</source>
        <translation>%1: belirteçleyici dosyası açılamıyor</translation>
    </message>
    <message>
        <source>%1: not valid JSON: %2</source>
        <translation>%1: geçerli JSON değil: %2</translation>
    </message>
    <message>
        <source>%1: not a tokenizer.json Ahenk can read (%2)</source>
        <translation>%1: Ahenk&apos;in okuyabildiği bir tokenizer.json değil (%2)</translation>
    </message>
    <message>
        <source>%1: model.type &apos;%2&apos; is not one Ahenk reads (BPE, Unigram or WordPiece)</source>
        <translation>%1: model.type &apos;%2&apos; Ahenk&apos;in okuduklarından biri değil (BPE, Unigram ya da WordPiece)</translation>
    </message>
    <message>
        <source>vocab size %1 is smaller than the 256 bytes plus the special tokens (%2)</source>
        <translation>sözcük dağarcığı boyu %1, 256 bayt ile özel belirteçlerin toplamından (%2) küçük</translation>
    </message>
    <message>
        <source>no input files or folders given</source>
        <translation>girdi dosyası ya da klasörü verilmedi</translation>
    </message>
    <message>
        <source>vocabulary size %1 is smaller than the %2 characters the coverage keeps plus &lt;unk&gt;, special and byte pieces; raise --vocab-size or lower the character coverage</source>
        <translation>sözcük dağarcığı boyu %1, kapsamanın tuttuğu %2 karakter ile &lt;unk&gt;, özel ve bayt parçalarının toplamından küçük; --vocab-size değerini artırın ya da karakter kapsamasını düşürün</translation>
    </message>
    <message>
        <source>vocabulary size %1 is smaller than [UNK], the special tokens and the %2 characters of the training text (as word starts and &apos;##&apos; continuations)</source>
        <translation>sözcük dağarcığı boyu %1; [UNK], özel belirteçler ve eğitim metninin %2 karakterinin (sözcük başı ve &apos;##&apos; devamı olarak) toplamından küçük</translation>
    </message>
    <message>
        <source>the sample corpus is missing from this installation</source>
        <translation>örnek derlem bu kurulumda yok</translation>
    </message>
    <message>
        <source>stopped before training began</source>
        <translation>eğitim başlamadan durduruldu</translation>
    </message>
    <message>
        <source>the prompt encodes to no tokens; give some text</source>
        <translation>istem hiçbir belirtece kodlanmıyor; biraz metin girin</translation>
    </message>
    <message>
        <source>training diverged at step %1: %2 is not finite; the last checkpoint is the last good state</source>
        <translation>eğitim %1. adımda ıraksadı: %2 sonlu değil; son denetim noktası son sağlam durumdur</translation>
    </message>
    <message>
        <source>model.dt_rank must be &gt;= 0 (0: d_model / 16)</source>
        <translation>model.dt_rank &gt;= 0 olmalı (0: d_model / 16)</translation>
    </message>
    <message>
        <source>model.dt_min and model.dt_max must satisfy 0 &lt; dt_min &lt;= dt_max</source>
        <translation>model.dt_min ve model.dt_max 0 &lt; dt_min &lt;= dt_max koşulunu sağlamalı</translation>
    </message>
    <message>
        <source>token id %1 is not in the vocabulary</source>
        <translation>%1 belirteç kimliği sözcük dağarcığında yok</translation>
    </message>
    <message>
        <source>model.arch must be a string</source>
        <translation>model.arch bir dizgi olmalı</translation>
    </message>
    <message>
        <source>unknown model.arch &quot;%1&quot; (available: transformer, mamba, spiking)</source>
        <translation>bilinmeyen model.arch &quot;%1&quot; (kullanılabilenler: transformer, mamba, spiking)</translation>
    </message>
    <message>
        <source>token id %1 at position %2 is outside the vocabulary (%3)</source>
        <translation>%2. konumdaki %1 belirteç kimliği sözcük dağarcığının dışında (%3)</translation>
    </message>
    <message>
        <source>sequence length %1 exceeds the context %2</source>
        <translation>dizi uzunluğu %1, %2 bağlamını aşıyor</translation>
    </message>
    <message>
        <source>t-SNE options out of range (iterations &gt;= 1, theta &gt;= 0, exaggeration &gt; 0, learning rate &gt;= 0)</source>
        <translation>t-SNE seçenekleri aralık dışında (yineleme &gt;= 1, theta &gt;= 0, abartma &gt; 0, öğrenme oranı &gt;= 0)</translation>
    </message>
    <message>
        <source>%1: %2 artifact file(s) are missing from %3 (first: %4); restore them before exporting</source>
        <translation>%1: %3 klasöründe %2 yapıt dosyası eksik (ilki: %4); dışa aktarmadan önce onları geri yükleyin</translation>
    </message>
    <message>
        <source>%1: cannot write (%2)</source>
        <translation>%1: yazılamıyor (%2)</translation>
    </message>
    <message>
        <source>%1: not imported: %2</source>
        <translation>%1: içe aktarılmadı: %2</translation>
    </message>
    <message>
        <source>not a session archive (%1)</source>
        <translation>bir oturum arşivi değil (%1)</translation>
    </message>
    <message>
        <source>truncated or damaged at %1 (%2)</source>
        <translation>%1 konumunda kesik ya da bozuk (%2)</translation>
    </message>
    <message>
        <source>unexpected end</source>
        <translation>beklenmedik son</translation>
    </message>
    <message>
        <source>the archive is empty</source>
        <translation>arşiv boş</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>okunamıyor</translation>
    </message>
    <message>
        <source>its first entry is not manifest.json (not exported by Ahenk)</source>
        <translation>ilk girdisi manifest.json değil (Ahenk tarafından dışa aktarılmamış)</translation>
    </message>
    <message>
        <source>manifest.json has an implausible size</source>
        <translation>manifest.json&apos;ın boyutu akla yatkın değil</translation>
    </message>
    <message>
        <source>manifest.json is not an Ahenk session manifest</source>
        <translation>manifest.json bir Ahenk oturum bildirimi değil</translation>
    </message>
    <message>
        <source>written by a newer Ahenk (archive version %1); update Ahenk</source>
        <translation>daha yeni bir Ahenk yazmış (arşiv sürümü %1); Ahenk&apos;i güncelleyin</translation>
    </message>
    <message>
        <source>manifest.json lists no files</source>
        <translation>manifest.json hiçbir dosya listelemiyor</translation>
    </message>
    <message>
        <source>manifest.json has a malformed file entry</source>
        <translation>manifest.json&apos;da bozuk biçimli bir dosya girdisi var</translation>
    </message>
    <message>
        <source>manifest.json names an unexpected file &quot;%1&quot;</source>
        <translation>manifest.json beklenmedik bir dosya adlandırıyor: &quot;%1&quot;</translation>
    </message>
    <message>
        <source>manifest.json: %1 does not carry its own hash</source>
        <translation>manifest.json: %1 kendi özetini taşımıyor</translation>
    </message>
    <message>
        <source>manifest.json lists %1 twice</source>
        <translation>manifest.json %1 dosyasını iki kez listeliyor</translation>
    </message>
    <message>
        <source>manifest.json has no session file</source>
        <translation>manifest.json&apos;da oturum dosyası yok</translation>
    </message>
    <message>
        <source>the entry after %1 files</source>
        <translation>%1 dosyadan sonraki girdi</translation>
    </message>
    <message>
        <source>holds &quot;%1&quot;, which its manifest does not list</source>
        <translation>bildiriminin listelemediği &quot;%1&quot; dosyasını içeriyor</translation>
    </message>
    <message>
        <source>holds &quot;%1&quot; twice</source>
        <translation>&quot;%1&quot; dosyasını iki kez içeriyor</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a regular file</source>
        <translation>&quot;%1&quot; sıradan bir dosya değil</translation>
    </message>
    <message>
        <source>&quot;%1&quot; after %2 bytes</source>
        <translation>&quot;%1&quot;, %2 bayttan sonra</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is longer than its manifest says</source>
        <translation>&quot;%1&quot; bildiriminde yazandan uzun</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is truncated (%2 of %3 bytes)</source>
        <translation>&quot;%1&quot; kesik (%3 baytın %2 baytı)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; does not match its SHA-256 (altered or damaged)</source>
        <translation>&quot;%1&quot; SHA-256 özetiyle uyuşmuyor (değiştirilmiş ya da bozuk)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is missing (a truncated archive?)</source>
        <translation>&quot;%1&quot; eksik (kesik bir arşiv mi?)</translation>
    </message>
    <message>
        <source>its session file is damaged: %1</source>
        <translation>oturum dosyası bozuk: %1</translation>
    </message>
    <message>
        <source>an inline artifact does not match its SHA-256 %1</source>
        <translation>gömülü bir yapıt %1 SHA-256 özetiyle uyuşmuyor</translation>
    </message>
    <message>
        <source>the artifact %1 is referenced but not included</source>
        <translation>%1 yapıtına başvuruluyor ama arşivde yok</translation>
    </message>
    <message>
        <source>%1: cannot open for reading</source>
        <translation>%1: okumak için açılamıyor</translation>
    </message>
    <message>
        <source>%1: read error at byte %2</source>
        <translation>%1: %2. baytta okuma hatası</translation>
    </message>
    <message>
        <source>%1: an SQLite database, but not an Ahenk session (application id %2); pick a .ahenk file</source>
        <translation>%1: bir SQLite veritabanı ama Ahenk oturumu değil (uygulama kimliği %2); bir .ahenk dosyası seçin</translation>
    </message>
    <message>
        <source>%1: written by a newer Ahenk (session schema %2, this build reads up to %3); update Ahenk to open it</source>
        <translation>%1: daha yeni bir Ahenk yazmış (oturum şeması %2, bu derleme en çok %3 okur); açmak için Ahenk&apos;i güncelleyin</translation>
    </message>
    <message>
        <source>%1: already exists</source>
        <translation>%1: zaten var</translation>
    </message>
    <message>
        <source>%1: no such file</source>
        <translation>%1: böyle bir dosya yok</translation>
    </message>
    <message>
        <source>unknown run status &quot;%1&quot;</source>
        <translation>bilinmeyen çalıştırma durumu &quot;%1&quot;</translation>
    </message>
    <message>
        <source>%1: no artifact %2</source>
        <translation>%1: %2 yapıtı yok</translation>
    </message>
    <message>
        <source>cannot open</source>
        <translation>açılamıyor</translation>
    </message>
    <message>
        <source>%1: %2: %3</source>
        <translation>%1: %2: %3</translation>
    </message>
    <message>
        <source>%1: %2: %3 (not an Ahenk session file, or a damaged one)</source>
        <translation>%1: %2: %3 (bir Ahenk oturum dosyası değil ya da bozuk)</translation>
    </message>
    <message>
        <source>%1: %2: %3 (the file is damaged; restore it from an exported archive)</source>
        <translation>%1: %2: %3 (dosya bozuk; dışa aktarılmış bir arşivden geri yükleyin)</translation>
    </message>
    <message>
        <source>%1: %2: %3 (the disk is full; free space and retry: nothing already saved was lost)</source>
        <translation>%1: %2: %3 (disk dolu; yer açıp yeniden deneyin: kaydedilmiş hiçbir şey kaybolmadı)</translation>
    </message>
    <message>
        <source>%1: %2: %3 (check that the file and its folder exist and are writable)</source>
        <translation>%1: %2: %3 (dosyanın ve klasörünün var ve yazılabilir olduğunu denetleyin)</translation>
    </message>
    <message>
        <source>reading</source>
        <translation>okunurken</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>preparing &quot;%1&quot;</source>
        <translation>&quot;%1&quot; hazırlanırken</translation>
    </message>
    <message>
        <source>binding</source>
        <translation>bağlanırken</translation>
    </message>
    <message>
        <source>running &quot;%1&quot;</source>
        <translation>&quot;%1&quot; çalıştırılırken</translation>
    </message>
    <message>
        <source>no run %1</source>
        <translation>%1 numaralı çalıştırma yok</translation>
    </message>
    <message>
        <source>read error</source>
        <translation>okuma hatası</translation>
    </message>
    <message>
        <source>the gzip stream is truncated (after %1 bytes)</source>
        <translation>gzip akışı kesik (%1 bayttan sonra)</translation>
    </message>
    <message>
        <source>corrupt gzip data: %1</source>
        <translation>bozuk gzip verisi: %1</translation>
    </message>
    <message>
        <source>the zstd stream is truncated</source>
        <translation>zstd akışı kesik</translation>
    </message>
    <message>
        <source>corrupt zstd data: %1</source>
        <translation>bozuk zstd verisi: %1</translation>
    </message>
    <message>
        <source>cannot open: %1</source>
        <translation>açılamıyor: %1</translation>
    </message>
    <message>
        <source>unknown normalization &apos;%1&apos; (use nfkc, nfc or none)</source>
        <translation>bilinmeyen normalleştirme &apos;%1&apos; (nfkc, nfc ya da none kullanın)</translation>
    </message>
    <message>
        <source>document larger than 2 GiB; split it when loading</source>
        <translation>belge 2 GiB&apos;tan büyük; yüklerken bölün</translation>
    </message>
    <message>
        <source>%1:%2: %3 (is this a folder written by &apos;ahenk corpus run&apos;?)</source>
        <translation>%1:%2: %3 (bu klasörü &apos;ahenk corpus run&apos; mı yazdı?)</translation>
    </message>
    <message>
        <source>empty file, expected a header</source>
        <translation>boş dosya, bir başlık satırı bekleniyordu</translation>
    </message>
    <message>
        <source>the header does not start with &apos;id&apos;</source>
        <translation>başlık &apos;id&apos; ile başlamıyor</translation>
    </message>
    <message>
        <source>unknown rule &apos;%1&apos;</source>
        <translation>bilinmeyen kural &apos;%1&apos;</translation>
    </message>
    <message>
        <source>expected %1 fields</source>
        <translation>%1 alan bekleniyordu</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number</source>
        <translation>&apos;%1&apos; bir sayı değil</translation>
    </message>
    <message>
        <source>%1: no line %2</source>
        <translation>%1: %2. satır yok</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>bir JSON nesnesi değil</translation>
    </message>
    <message>
        <source>unknown encoding &apos;%1&apos;</source>
        <translation>bilinmeyen kodlama &apos;%1&apos;</translation>
    </message>
    <message>
        <source>unknown keep policy &apos;%1&apos; (use first, longest or recent)</source>
        <translation>bilinmeyen tutma ilkesi &apos;%1&apos; (first, longest ya da recent kullanın)</translation>
    </message>
    <message>
        <source>dedup threshold must be between 0 and 1</source>
        <translation>kopya ayıklama eşiği 0 ile 1 arasında olmalı</translation>
    </message>
    <message>
        <source>unknown rule set &apos;%1&apos; (use all, none, gopher, gopher_quality, gopher_repetition, c4, fineweb, comma-separated)</source>
        <translation>bilinmeyen kural kümesi &apos;%1&apos; (all, none, gopher, gopher_quality, gopher_repetition, c4, fineweb kullanın, virgülle ayırarak)</translation>
    </message>
    <message>
        <source>threshold &apos;%1&apos;: write rule=value, e.g. gopher_short_doc=20</source>
        <translation>eşik &apos;%1&apos;: kural=değer yazın, örneğin gopher_short_doc=20</translation>
    </message>
    <message>
        <source>threshold &apos;%1&apos;: &apos;%2&apos; is not a number</source>
        <translation>eşik &apos;%1&apos;: &apos;%2&apos; bir sayı değil</translation>
    </message>
    <message>
        <source>threshold &apos;%1&apos;: no selected rule is called &apos;%2&apos;</source>
        <translation>eşik &apos;%1&apos;: seçili kuralların hiçbirinin adı &apos;%2&apos; değil</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>bir klasör</translation>
    </message>
    <message>
        <source>a symbolic link</source>
        <translation>bir sembolik bağ</translation>
    </message>
    <message>
        <source>a block device</source>
        <translation>bir blok aygıtı</translation>
    </message>
    <message>
        <source>a character device</source>
        <translation>bir karakter aygıtı</translation>
    </message>
    <message>
        <source>a named pipe</source>
        <translation>adlandırılmış bir boru</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>bir soket</translation>
    </message>
    <message>
        <source>a broken link</source>
        <translation>kırık bir bağ</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>sıradan bir dosya değil</translation>
    </message>
    <message>
        <source>%1: no such file or folder; check the path (inputs are files, folders, or .jsonl files)</source>
        <translation>%1: böyle bir dosya ya da klasör yok; yolu denetleyin (girdiler dosya, klasör ya da .jsonl dosyalarıdır)</translation>
    </message>
    <message>
        <source>%1: is %2, not a file or folder; name a text file or a folder of them</source>
        <translation>%1: %2, dosya ya da klasör değil; bir metin dosyası ya da metin dosyaları klasörü verin</translation>
    </message>
    <message>
        <source>%1: cannot open the folder: %2</source>
        <translation>%1: klasör açılamıyor: %2</translation>
    </message>
    <message>
        <source>skipped: %1</source>
        <translation>atlandı: %1</translation>
    </message>
    <message>
        <source>named more than once; read once</source>
        <translation>birden çok kez verildi; bir kez okundu</translation>
    </message>
    <message>
        <source>%1: no such fastText model (train one with &apos;ahenk corpus langid-train&apos;)</source>
        <translation>%1: böyle bir fastText modeli yok (&apos;ahenk corpus langid-train&apos; ile bir tane eğitin)</translation>
    </message>
    <message>
        <source>%1: not a fastText model: %2</source>
        <translation>%1: bir fastText modeli değil: %2</translation>
    </message>
    <message>
        <source>%1: cannot open the labelled file (expected lang&lt;TAB&gt;text lines)</source>
        <translation>%1: etiketli dosya açılamıyor (dil&lt;TAB&gt;metin satırları bekleniyordu)</translation>
    </message>
    <message>
        <source>%1: fewer than 2 labelled lines (expected lang&lt;TAB&gt;text per line)</source>
        <translation>%1: 2&apos;den az etiketli satır (her satırda dil&lt;TAB&gt;metin bekleniyordu)</translation>
    </message>
    <message>
        <source>%1: cannot write the training file</source>
        <translation>%1: eğitim dosyası yazılamıyor</translation>
    </message>
    <message>
        <source>document longer than max_document_bytes (%1): cut into parts</source>
        <translation>belge max_document_bytes değerinden (%1) uzun: parçalara bölündü</translation>
    </message>
    <message>
        <source>JSON line longer than max_document_bytes: skipped</source>
        <translation>JSON satırı max_document_bytes değerinden uzun: atlandı</translation>
    </message>
    <message>
        <source>line longer than max_document_bytes: cut into parts</source>
        <translation>satır max_document_bytes değerinden uzun: parçalara bölündü</translation>
    </message>
    <message>
        <source>not valid JSON (%1); line skipped</source>
        <translation>geçerli JSON değil (%1); satır atlandı</translation>
    </message>
    <message>
        <source>no string field &quot;%1&quot;; line skipped</source>
        <translation>&quot;%1&quot; adlı dizgi alanı yok; satır atlandı</translation>
    </message>
    <message>
        <source>unknown split mode &apos;%1&apos; (use file, paragraph or line)</source>
        <translation>bilinmeyen bölme kipi &apos;%1&apos; (file, paragraph ya da line kullanın)</translation>
    </message>
    <message>
        <source>minhash: ngram, bands and rows must be at least 1</source>
        <translation>minhash: ngram, bant ve satır sayıları en az 1 olmalı</translation>
    </message>
    <message>
        <source>%1: cannot write (check the folder&apos;s permissions and free space)</source>
        <translation>%1: yazılamıyor (klasörün izinlerini ve boş yeri denetleyin)</translation>
    </message>
    <message>
        <source>unknown split pattern &apos;%1&apos; (use gpt2 or gpt4)</source>
        <translation>bilinmeyen bölme deseni &apos;%1&apos; (gpt2 ya da gpt4 kullanın)</translation>
    </message>
    <message>
        <source>not a byte-level token: &apos;%1&apos;</source>
        <translation>bayt düzeyinde bir belirteç değil: &apos;%1&apos;</translation>
    </message>
    <message>
        <source>%1: cannot write (check the folder)</source>
        <translation>%1: yazılamıyor (klasörü denetleyin)</translation>
    </message>
    <message>
        <source>unknown normalizer &apos;%1&apos; (use nfkc, nfc or none)</source>
        <translation>bilinmeyen normalleştirici &apos;%1&apos; (nfkc, nfc ya da none kullanın)</translation>
    </message>
    <message>
        <source>unknown lowercasing &apos;%1&apos; (use none, default or tr)</source>
        <translation>bilinmeyen küçük harfe çevirme &apos;%1&apos; (none, default ya da tr kullanın)</translation>
    </message>
    <message>
        <source>normalizer &apos;%1&apos; is not supported (Ahenk reads NFC, NFKC, Lowercase, Replace of a string, Prepend and Sequence)</source>
        <translation>&apos;%1&apos; normalleştiricisi desteklenmiyor (Ahenk NFC, NFKC, Lowercase, bir dizginin Replace&apos;i, Prepend ve Sequence okur)</translation>
    </message>
    <message>
        <source>truncated varint</source>
        <translation>kesik varint</translation>
    </message>
    <message>
        <source>varint longer than 10 bytes</source>
        <translation>10 bayttan uzun varint</translation>
    </message>
    <message>
        <source>a field runs past the end of the file</source>
        <translation>bir alan dosyanın sonunu aşıyor</translation>
    </message>
    <message>
        <source>truncated float</source>
        <translation>kesik kayan noktalı sayı</translation>
    </message>
    <message>
        <source>unsupported protobuf wire type %1</source>
        <translation>desteklenmeyen protobuf kablo türü %1</translation>
    </message>
    <message>
        <source>%1: not a SentencePiece model (%2 at byte %3)</source>
        <translation>%1: bir SentencePiece modeli değil (%3. baytta %2)</translation>
    </message>
    <message>
        <source>truncated field</source>
        <translation>kesik alan</translation>
    </message>
    <message>
        <source>no pieces</source>
        <translation>parça yok</translation>
    </message>
    <message>
        <source>%1: a SentencePiece %2 model; Ahenk imports SentencePiece Unigram models</source>
        <translation>%1: bir SentencePiece %2 modeli; Ahenk SentencePiece Unigram modellerini içe aktarır</translation>
    </message>
    <message>
        <source>%1: the SentencePiece model has no &lt;unk&gt; piece</source>
        <translation>%1: SentencePiece modelinde &lt;unk&gt; parçası yok</translation>
    </message>
    <message>
        <source>%1: the model was trained without the dummy prefix (--add_dummy_prefix=false); Ahenk&apos;s Unigram words always have one</source>
        <translation>%1: model yapay önek olmadan eğitilmiş (--add_dummy_prefix=false); Ahenk&apos;in Unigram sözcüklerinde her zaman vardır</translation>
    </message>
    <message>
        <source>%1: SentencePiece normalization rule &apos;%2&apos; is not one Ahenk knows (nmt_nfkc, nfkc, nmt_nfkc_cf, nfkc_cf, identity)</source>
        <translation>%1: SentencePiece normalleştirme kuralı &apos;%2&apos; Ahenk&apos;in bildiklerinden değil (nmt_nfkc, nfkc, nmt_nfkc_cf, nfkc_cf, identity)</translation>
    </message>
    <message>
        <source>%1: more than 2^31 tokens in one file</source>
        <translation>%1: bir dosyada 2^31&apos;den çok belirteç</translation>
    </message>
    <message>
        <source>%1: cannot open the token file</source>
        <translation>%1: belirteç dosyası açılamıyor</translation>
    </message>
    <message>
        <source>%1: not a token file (bad magic number; expected an llm.c-style header)</source>
        <translation>%1: bir belirteç dosyası değil (yanlış sihirli sayı; llm.c biçiminde bir başlık bekleniyordu)</translation>
    </message>
    <message>
        <source>%1: unknown token file version %2</source>
        <translation>%1: bilinmeyen belirteç dosyası sürümü %2</translation>
    </message>
    <message>
        <source>%1: truncated (fewer tokens than the header says)</source>
        <translation>%1: kesik (başlıkta yazandan az belirteç)</translation>
    </message>
    <message>
        <source>%1: token id %2 is not an integer from 0 to 2^32-1</source>
        <translation>%1: %2 belirteç kimliği 0 ile 2^32-1 arasında bir tam sayı değil</translation>
    </message>
    <message>
        <source>%1: model.type is not BPE</source>
        <translation>%1: model.type BPE değil</translation>
    </message>
    <message>
        <source>%1: unsupported split pattern (Ahenk knows the GPT-2 and GPT-4 patterns)</source>
        <translation>%1: desteklenmeyen bölme deseni (Ahenk GPT-2 ve GPT-4 desenlerini bilir)</translation>
    </message>
    <message>
        <source>%1: the pre-tokenizer is not byte-level BPE with a GPT-2/GPT-4 split</source>
        <translation>%1: ön belirteçleyici GPT-2/GPT-4 bölmeli bayt düzeyinde BPE değil</translation>
    </message>
    <message>
        <source>%1: vocabulary id %2 is beyond its %3 entries</source>
        <translation>%1: sözcük dağarcığı kimliği %2, %3 girdisinin ötesinde</translation>
    </message>
    <message>
        <source>%1: added token id %2 lies far beyond the vocabulary</source>
        <translation>%1: eklenen belirteç kimliği %2 sözcük dağarcığının çok ötesinde</translation>
    </message>
    <message>
        <source>%1: vocabulary: %2</source>
        <translation>%1: sözcük dağarcığı: %2</translation>
    </message>
    <message>
        <source>%1: merge without a space: &apos;%2&apos;</source>
        <translation>%1: boşluksuz birleştirme: &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1: a merge is neither &quot;a b&quot; nor [&quot;a&quot;, &quot;b&quot;]</source>
        <translation>%1: bir birleştirme ne &quot;a b&quot; ne de [&quot;a&quot;, &quot;b&quot;]</translation>
    </message>
    <message>
        <source>%1: merge &apos;%2 %3&apos; uses unknown tokens</source>
        <translation>%1: &apos;%2 %3&apos; birleştirmesi bilinmeyen belirteçler kullanıyor</translation>
    </message>
    <message>
        <source>%1: Ahenk reads Unigram and WordPiece files whose normalizer ends with Replace(&apos; &apos;, &apos;▁&apos;), Replace(&apos;\n&apos;, &apos;\n▁&apos;) and Prepend(&apos;▁&apos;) and whose pre-tokenizer is the Split of ▁-words, as Ahenk writes them (see docs/tokenizers.md)</source>
        <translation>%1: Ahenk, normalleştiricisi Replace(&apos; &apos;, &apos;▁&apos;), Replace(&apos;\n&apos;, &apos;\n▁&apos;) ve Prepend(&apos;▁&apos;) ile biten ve ön belirteçleyicisi ▁-sözcüklerinin Split&apos;i olan Unigram ve WordPiece dosyalarını, Ahenk&apos;in yazdığı gibi okur (bkz. docs/tokenizers.md)</translation>
    </message>
    <message>
        <source>%1: Unigram model without unk_id</source>
        <translation>%1: unk_id&apos;siz Unigram modeli</translation>
    </message>
    <message>
        <source>%1: a Unigram vocabulary entry is not [piece, score]</source>
        <translation>%1: bir Unigram sözcük dağarcığı girdisi [parça, puan] değil</translation>
    </message>
    <message>
        <source>%1: unk_id is outside the vocabulary</source>
        <translation>%1: unk_id sözcük dağarcığının dışında</translation>
    </message>
    <message>
        <source>%1: added token %2 is outside the vocabulary</source>
        <translation>%1: eklenen belirteç %2 sözcük dağarcığının dışında</translation>
    </message>
    <message>
        <source>%1: the WordPiece vocabulary has no token with id %2</source>
        <translation>%1: WordPiece sözcük dağarcığında %2 kimlikli belirteç yok</translation>
    </message>
    <message>
        <source>%1: the unknown token &apos;%2&apos; is not in the vocabulary</source>
        <translation>%1: bilinmeyen belirteç &apos;%2&apos; sözcük dağarcığında yok</translation>
    </message>
    <message>
        <source>unknown tokenizer model &apos;%1&apos; (use bpe, unigram or wordpiece)</source>
        <translation>bilinmeyen belirteçleyici modeli &apos;%1&apos; (bpe, unigram ya da wordpiece kullanın)</translation>
    </message>
    <message>
        <source>vocabulary size %1 leaves no room for pieces after &lt;unk&gt;, %2 special tokens and %3 byte pieces (%4 in all)</source>
        <translation>sözcük dağarcığı boyu %1; &lt;unk&gt;, %2 özel belirteç ve %3 bayt parçasından sonra parçalara yer bırakmıyor (toplam %4)</translation>
    </message>
    <message>
        <source>vocabulary size %1 is smaller than the %2 characters the coverage keeps plus &lt;unk&gt;, %3 special tokens and %4 byte pieces; raise --vocab-size or lower --character-coverage</source>
        <translation>sözcük dağarcığı boyu %1; kapsamın tuttuğu %2 karakter ile &lt;unk&gt;, %3 özel belirteç ve %4 bayt parçasının toplamından küçük; --vocab-size değerini artırın ya da --character-coverage değerini düşürün</translation>
    </message>
    <message>
        <source>Unigram model: the unknown token id is outside the vocabulary</source>
        <translation>Unigram modeli: bilinmeyen belirteç kimliği sözcük dağarcığının dışında</translation>
    </message>
    <message>
        <source>Unigram model with byte fallback lacks the piece %1</source>
        <translation>bayt geri dönüşlü Unigram modelinde %1 parçası eksik</translation>
    </message>
    <message>
        <source>WordPiece model: the unknown token id is outside the vocabulary</source>
        <translation>WordPiece modeli: bilinmeyen belirteç kimliği sözcük dağarcığının dışında</translation>
    </message>
    <message>
        <source>corrupt data-sampler state in the checkpoint</source>
        <translation>denetim noktasında bozuk veri örnekleyici durumu</translation>
    </message>
    <message>
        <source>the prompt must hold at least one token</source>
        <translation>istem en az bir belirteç içermeli</translation>
    </message>
    <message>
        <source>top_p must be in (0, 1]</source>
        <translation>top_p (0, 1] aralığında olmalı</translation>
    </message>
    <message>
        <source>%1: too short to be a safetensors file (%2 bytes)</source>
        <translation>%1: bir safetensors dosyası olamayacak kadar kısa (%2 bayt)</translation>
    </message>
    <message>
        <source>%1: byte 0: header length %2 is impossible for a file of %3 bytes (truncated or not safetensors)</source>
        <translation>%1: bayt 0: %2 başlık uzunluğu %3 baytlık bir dosya için olanaksız (kesik ya da safetensors değil)</translation>
    </message>
    <message>
        <source>%1: byte %2: the header is not valid JSON</source>
        <translation>%1: bayt %2: başlık geçerli JSON değil</translation>
    </message>
    <message>
        <source>%1: byte 8: the header is not a JSON object</source>
        <translation>%1: bayt 8: başlık bir JSON nesnesi değil</translation>
    </message>
    <message>
        <source>%1: __metadata__ is not an object</source>
        <translation>%1: __metadata__ bir nesne değil</translation>
    </message>
    <message>
        <source>%1: __metadata__.%2 is not a string</source>
        <translation>%1: __metadata__.%2 bir dizgi değil</translation>
    </message>
    <message>
        <source>%1: tensor &quot;%2&quot;: needs dtype, shape and two data_offsets</source>
        <translation>%1: &quot;%2&quot; tensörü: dtype, shape ve iki data_offsets gerekli</translation>
    </message>
    <message>
        <source>%1: tensor &quot;%2&quot;: unknown dtype %3</source>
        <translation>%1: &quot;%2&quot; tensörü: bilinmeyen dtype %3</translation>
    </message>
    <message>
        <source>%1: tensor &quot;%2&quot;: negative dimension</source>
        <translation>%1: &quot;%2&quot; tensörü: negatif boyut</translation>
    </message>
    <message>
        <source>%1: tensor &quot;%2&quot;: data offsets [%3, %4) do not fit shape %5 %6 in %7 data bytes (truncated file?)</source>
        <translation>%1: &quot;%2&quot; tensörü: [%3, %4) veri konumları %7 veri baytında %5 %6 biçimine uymuyor (kesik dosya mı?)</translation>
    </message>
    <message>
        <source>%1: read failed (truncated?)</source>
        <translation>%1: okuma başarısız (kesik mi?)</translation>
    </message>
    <message>
        <source>%1: has no tensor &quot;%2&quot;</source>
        <translation>%1: &quot;%2&quot; tensörü yok</translation>
    </message>
    <message>
        <source>%1: tensor &quot;%2&quot; is %3, expected %4</source>
        <translation>%1: &quot;%2&quot; tensörü %3, %4 bekleniyordu</translation>
    </message>
    <message>
        <source>%1: tensor &quot;%2&quot; has shape %3, expected %4</source>
        <translation>%1: &quot;%2&quot; tensörünün biçimi %3, %4 bekleniyordu</translation>
    </message>
    <message>
        <source>%1: cannot rename the temporary file into place</source>
        <translation>%1: geçici dosya yerine taşınamıyor</translation>
    </message>
    <message>
        <source>--set expects section.key=value (e.g. model.d_model=128 or train.lr=3e-4), got &quot;%1&quot;</source>
        <translation>--set bölüm.anahtar=değer bekler (örneğin model.d_model=128 ya da train.lr=3e-4), gelen: &quot;%1&quot;</translation>
    </message>
    <message>
        <source>--set: unknown section &quot;%1&quot; (model or train)</source>
        <translation>--set: bilinmeyen bölüm &quot;%1&quot; (model ya da train)</translation>
    </message>
    <message>
        <source>%1: a metric chunk of %2 bytes is damaged</source>
        <translation>%1: %2 baytlık bir ölçüm parçası bozuk</translation>
    </message>
    <message>
        <source>%1: cannot read it back</source>
        <translation>%1: geri okunamıyor</translation>
    </message>
</context>
<context>
    <name>InspectOverlay</name>
    <message>
        <source>Attention</source>
        <translation>Dikkat</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Katman</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Kafa</translation>
    </message>
    <message>
        <source>Square-root scale (faint weights show)</source>
        <translation>Karekök ölçeği (zayıf ağırlıklar görünür)</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>Gömmeler</translation>
    </message>
    <message>
        <source>token id (merge rank)</source>
        <translation>belirteç kimliği (birleştirme sırası)</translation>
    </message>
    <message>
        <source>frequency</source>
        <translation>sıklık</translation>
    </message>
    <message>
        <source>script</source>
        <translation>yazı sistemi</translation>
    </message>
    <message>
        <source>search</source>
        <translation>arama</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Ara</translation>
    </message>
    <message>
        <source>3-D (PC3 as depth)</source>
        <translation>3B (derinlik olarak PC3)</translation>
    </message>
    <message>
        <source>Spin</source>
        <translation>Döndür</translation>
    </message>
    <message>
        <source>Point size</source>
        <translation>Nokta boyutu</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>Görünümü sıfırla</translation>
    </message>
    <message>
        <source>RoPE</source>
        <translation>RoPE</translation>
    </message>
    <message>
        <source>Frequency band</source>
        <translation>Frekans bandı</translation>
    </message>
    <message>
        <source>Theta (base)</source>
        <translation>Theta (taban)</translation>
    </message>
    <message>
        <source>Query position m</source>
        <translation>Sorgu konumu m</translation>
    </message>
    <message>
        <source>Key position n</source>
        <translation>Anahtar konumu n</translation>
    </message>
    <message>
        <source>Model&apos;s theta</source>
        <translation>Modelin thetası</translation>
    </message>
    <message>
        <source>one q, one k at every m, n: one curve</source>
        <translation>her m, n&apos;de aynı q ve k: tek eğri</translation>
    </message>
    <message>
        <source>the prompt&apos;s q_m · k_n, rotated</source>
        <translation>istemin q_m · k_n değerleri, döndürülmüş</translation>
    </message>
    <message>
        <source>the same without RoPE</source>
        <translation>aynısı RoPE olmadan</translation>
    </message>
    <message>
        <source>line: q · k without rotation</source>
        <translation>çizgi: döndürmesiz q · k</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Tarama</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Duraklat</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Oynat</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Tur</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Belirteçler</translation>
    </message>
    <message>
        <source>Spikes</source>
        <translation>Dikenler</translation>
    </message>
    <message>
        <source>Neurons shown</source>
        <translation>Gösterilen nöronlar</translation>
    </message>
    <message>
        <source>Neuron</source>
        <translation>Nöron</translation>
    </message>
    <message>
        <source>layers × heads</source>
        <translation>katmanlar × kafalar</translation>
    </message>
    <message>
        <source>mean entropy (nats) beneath</source>
        <translation>altında ortalama entropi (nat)</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>katman</translation>
    </message>
    <message>
        <source>head</source>
        <translation>kafa</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>belirteç</translation>
    </message>
    <message>
        <source>entropy</source>
        <translation>entropi</translation>
    </message>
    <message>
        <source>nats</source>
        <translation>nat</translation>
    </message>
    <message>
        <source>query (attends from)</source>
        <translation>sorgu (dikkat eden)</translation>
    </message>
    <message>
        <source>key (attends to) →</source>
        <translation>anahtar (dikkat edilen) →</translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation>Renklendirme</translation>
    </message>
    <message>
        <source>Nearest by cosine similarity:</source>
        <translation>Kosinüs benzerliğiyle en yakınlar:</translation>
    </message>
    <message>
        <source>count</source>
        <translation>sayı</translation>
    </message>
    <message>
        <source>tokens, PCA of the embedding matrix</source>
        <translation>belirteç, gömme matrisinin PCA&apos;sı</translation>
    </message>
    <message>
        <source>colour: token id</source>
        <translation>renk: belirteç kimliği</translation>
    </message>
    <message>
        <source>colour: log count (grey: unseen)</source>
        <translation>renk: log sayı (gri: hiç görülmemiş)</translation>
    </message>
    <message>
        <source>tokens contain it</source>
        <translation>belirteç bunu içeriyor</translation>
    </message>
    <message>
        <source>band</source>
        <translation>bant</translation>
    </message>
    <message>
        <source>one turn every</source>
        <translation>bir tam tur her</translation>
    </message>
    <message>
        <source>positions</source>
        <translation>konumda</translation>
    </message>
    <message>
        <source>wavelength per band (log)</source>
        <translation>bant başına dalga boyu (log)</translation>
    </message>
    <message>
        <source>q · k against m − n</source>
        <translation>m − n&apos;ye karşı q · k</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>kanal</translation>
    </message>
    <message>
        <source>state</source>
        <translation>durum</translation>
    </message>
    <message>
        <source>cells: the offset b of each partial map</source>
        <translation>hücreler: her kısmi eşlemin b kayması</translation>
    </message>
    <message>
        <source>inputs (a_t, b_t)</source>
        <translation>girdiler (a_t, b_t)</translation>
    </message>
    <message>
        <source>up-sweep, stride</source>
        <translation>yukarı tarama, adım</translation>
    </message>
    <message>
        <source>down-sweep, stride</source>
        <translation>aşağı tarama, adım</translation>
    </message>
    <message>
        <source>states h_t: sequential loop (line)</source>
        <translation>durumlar h_t: sıralı döngü (çizgi)</translation>
    </message>
    <message>
        <source>parallel scan (points)</source>
        <translation>paralel tarama (noktalar)</translation>
    </message>
    <message>
        <source>neurons</source>
        <translation>nöron</translation>
    </message>
    <message>
        <source>time steps</source>
        <translation>zaman adımı</translation>
    </message>
    <message>
        <source>membrane potential of neuron</source>
        <translation>nöronun zar potansiyeli</translation>
    </message>
    <message>
        <source>threshold</source>
        <translation>eşik</translation>
    </message>
    <message>
        <source>surrogate gradient: what the backward pass uses for the spike</source>
        <translation>vekil gradyan: geri geçişin diken yerine kullandığı</translation>
    </message>
    <message>
        <source>firing rate per layer</source>
        <translation>katman başına ateşleme oranı</translation>
    </message>
    <message>
        <source>synaptic ops per token
vs dense FLOPs</source>
        <translation>belirteç başına sinaptik işlem
ve yoğun FLOP</translation>
    </message>
    <message>
        <source>Nothing to show yet.</source>
        <translation>Henüz gösterilecek bir şey yok.</translation>
    </message>
    <message>
        <source>t-SNE needs the embedding matrix, kept for the latest checkpoint only</source>
        <translation>t-SNE gömme matrisine gerek duyar; bu matris yalnızca en son kontrol noktası için saklanır</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>yineleme</translation>
    </message>
    <message>
        <source>t-SNE cancelled</source>
        <translation>t-SNE iptal edildi</translation>
    </message>
    <message>
        <source>Projection</source>
        <translation>İzdüşüm</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>Şaşkınlık (perplexity)</translation>
    </message>
    <message>
        <source>Recompute</source>
        <translation>Yeniden hesapla</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <source>tokens, t-SNE of the embedding matrix (perplexity</source>
        <translation>belirteç, gömme matrisinin t-SNE haritası (şaşkınlık</translation>
    </message>
    <message>
        <source>First token</source>
        <translation>İlk belirteç</translation>
    </message>
    <message>
        <source>Tokens shown</source>
        <translation>Gösterilen belirteçler</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>edit the training config</source>
        <translation>eğitim yapılandırmasını düzenle</translation>
    </message>
    <message>
        <source>edit the form</source>
        <translation>formu düzenle</translation>
    </message>
    <message>
        <source>Text files</source>
        <translation>Metin dosyaları</translation>
    </message>
    <message>
        <source>A folder of text files</source>
        <translation>Metin dosyalarından oluşan bir klasör</translation>
    </message>
</context>
<context>
    <name>ahenk::ui::AboutDialog</name>
    <message>
        <source>About Ahenk</source>
        <translation>Ahenk hakkında</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Ahenk %1&lt;/h2&gt;&lt;p&gt;A workbench that shows, live and step by step, how a language model is trained from scratch on a pile of text files.&lt;/p&gt;&lt;p&gt;Built with %2 (%3).&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Ahenk %1&lt;/h2&gt;&lt;p&gt;Bir dil modelinin bir yığın metin dosyasından sıfırdan nasıl eğitildiğini canlı ve adım adım gösteren bir çalışma tezgâhı.&lt;/p&gt;&lt;p&gt;%2 ile derlendi (%3).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The environment report is still being gathered.</source>
        <translation>Ortam raporu hâlâ toplanıyor.</translation>
    </message>
</context>
<context>
    <name>ahenk::ui::CorpusPage</name>
    <message>
        <source>… %1 more bytes not shown</source>
        <translation>… gösterilmeyen %1 bayt daha</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>tutuldu</translation>
    </message>
    <message>
        <source>removed: %1 %2 (%3)</source>
        <translation>çıkarıldı: %1 %2 (%3)</translation>
    </message>
    <message>
        <source>removed: %1</source>
        <translation>çıkarıldı: %1</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Belge</translation>
    </message>
    <message>
        <source>Fate</source>
        <translation>Akıbet</translation>
    </message>
    <message>
        <source>A corpus output folder</source>
        <translation>Bir derlem çıktı klasörü</translation>
    </message>
    <message>
        <source>Add files or folders first.</source>
        <translation>Önce dosya ya da klasör ekleyin.</translation>
    </message>
    <message>
        <source>Keeping only some languages needs a language identifier.</source>
        <translation>Yalnızca bazı dilleri tutmak bir dil tanıyıcı gerektirir.</translation>
    </message>
    <message>
        <source>Choose an output folder (no session is open).</source>
        <translation>Bir çıktı klasörü seçin (açık oturum yok).</translation>
    </message>
    <message>
        <source>Reading the corpus</source>
        <translation>Derlem okunuyor</translation>
    </message>
    <message>
        <source>Kept %1 of %2 documents</source>
        <translation>%2 belgeden %1 tanesi tutuldu</translation>
    </message>
    <message>
        <source>Cancelled; the inputs are untouched</source>
        <translation>İptal edildi; girdilere dokunulmadı</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>İptal ediliyor...</translation>
    </message>
    <message>
        <source>%1 is not a corpus output folder (no readable report.json).</source>
        <translation>%1 bir derlem çıktı klasörü değil (okunabilir report.json yok).</translation>
    </message>
    <message>
        <source>%1 documents: %2 empty after cleaning, %3 removed by language, %4 by the filters, %5 exact and %6 near duplicates; %7 kept.
Output: %8</source>
        <translation>%1 belge: %2 tanesi temizlikten sonra boş, %3 tanesi dil yüzünden, %4 tanesi süzgeçlerce çıkarıldı, %5 birebir ve %6 yakın kopya; %7 tutuldu.
Çıktı: %8</translation>
    </message>
    <message>
        <source>skipped: %1</source>
        <translation>atlandı: %1</translation>
    </message>
    <message>
        <source>%1 invalid byte sequences (at bytes %2)</source>
        <translation>%1 geçersiz bayt dizisi (%2 baytlarında)</translation>
    </message>
    <message>
        <source>byte %1: %2</source>
        <translation>bayt %1: %2</translation>
    </message>
    <message>
        <source>The source of %1 (%2) cannot be read any more; the stored text is:

%3</source>
        <translation>%1 belgesinin kaynağı (%2) artık okunamıyor; saklanan metin:

%3</translation>
    </message>
    <message>
        <source>%1: cleaning changed nothing.</source>
        <translation>%1: temizlik hiçbir şeyi değiştirmedi.</translation>
    </message>
    <message>
        <source>%1: code points changed, by kind: %2</source>
        <translation>%1: türe göre değişen kod noktaları: %2</translation>
    </message>
    <message>
        <source>Corpus</source>
        <translation>Derlem</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Metin</translation>
    </message>
    <message>
        <source>Files or folders (separated by &apos;;&apos;), or drop them on the page: .txt, .md, .jsonl, optionally .gz or .zst, in any encoding. Inputs are never modified.</source>
        <translation>Dosyalar ya da klasörler (&apos;;&apos; ile ayrılmış) ya da onları sayfaya bırakın: .txt, .md, .jsonl, isteğe bağlı .gz ya da .zst, herhangi bir kodlamada. Girdiler asla değiştirilmez.</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Belgeler</translation>
    </message>
    <message>
        <source>One document per text file, per paragraph (blank-line separated) or per line.</source>
        <translation>Her metin dosyası, her paragraf (boş satırla ayrılmış) ya da her satır bir belge.</translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation>Normalleştirme</translation>
    </message>
    <message>
        <source>ICU Unicode normalization: NFKC folds compatibility forms (ﬁ → fi, full-width letters) so the same text is always the same bytes.</source>
        <translation>ICU Unicode normalleştirme: NFKC uyumluluk biçimlerini katlar (ﬁ → fi, tam genişlikli harfler), böylece aynı metin hep aynı baytlar olur.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Dil</translation>
    </message>
    <message>
        <source>Identify each document&apos;s language (CLD2), so rules and the language filter know it.</source>
        <translation>Her belgenin dilini tanı (CLD2), böylece kurallar ve dil süzgeci onu bilir.</translation>
    </message>
    <message>
        <source>Keep languages</source>
        <translation>Tutulacak diller</translation>
    </message>
    <message>
        <source>Keep only these languages, with optional minimum scores: tr,en:0.5. Empty keeps all.</source>
        <translation>Yalnızca bu dilleri, isteğe bağlı en düşük puanlarla tut: tr,en:0.5. Boşsa hepsi tutulur.</translation>
    </message>
    <message>
        <source>Quality rules</source>
        <translation>Nitelik kuralları</translation>
    </message>
    <message>
        <source>The published heuristic rule sets with their published thresholds: Gopher (quality and repetition), C4, FineWeb. Every removal records the rule, its measured value and the threshold; the Filters page moves thresholds.</source>
        <translation>Yayımlanmış eşikleriyle yayımlanmış sezgisel kural kümeleri: Gopher (nitelik ve tekrar), C4, FineWeb. Her çıkarma kuralı, ölçülen değeri ve eşiği kaydeder; eşikler Süzgeçler sayfasında kaydırılır.</translation>
    </message>
    <message>
        <source>Deduplicate</source>
        <translation>Kopyaları ayıkla</translation>
    </message>
    <message>
        <source>Remove exact duplicates, then near duplicates found with MinHash signatures and LSH banding (Jaccard similarity 0.8 of word 5-grams).</source>
        <translation>Önce birebir kopyaları, sonra MinHash imzaları ve LSH bantlamayla bulunan yakın kopyaları çıkar (sözcük 5-gramlarının Jaccard benzerliği 0.8).</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Çıktı klasörü</translation>
    </message>
    <message>
        <source>Where kept.jsonl, removed.jsonl, measurements.tsv and report.json go; empty puts them beside the session file.</source>
        <translation>kept.jsonl, removed.jsonl, measurements.tsv ve report.json dosyalarının yeri; boşsa oturum dosyasının yanına konur.</translation>
    </message>
    <message numerus="yes">
        <source>%n threshold(s) changed on the Filters page apply to the next run.</source>
        <translation>
            <numerusform>Süzgeçler sayfasında değiştirilen %n eşik sonraki çalıştırmada uygulanır.</numerusform>
        </translation>
    </message>
    <message>
        <source>One per file</source>
        <translation>Dosya başına bir</translation>
    </message>
    <message>
        <source>One per paragraph</source>
        <translation>Paragraf başına bir</translation>
    </message>
    <message>
        <source>One per line</source>
        <translation>Satır başına bir</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Yok</translation>
    </message>
    <message>
        <source>Do not identify</source>
        <translation>Tanıma</translation>
    </message>
    <message>
        <source>All (Gopher, C4, FineWeb)</source>
        <translation>Hepsi (Gopher, C4, FineWeb)</translation>
    </message>
    <message>
        <source>all languages</source>
        <translation>tüm diller</translation>
    </message>
    <message>
        <source>beside the session file</source>
        <translation>oturum dosyasının yanında</translation>
    </message>
    <message>
        <source>Files...</source>
        <translation>Dosyalar...</translation>
    </message>
    <message>
        <source>Folder...</source>
        <translation>Klasör...</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Çalıştır</translation>
    </message>
    <message>
        <source>Load, clean, filter and deduplicate (Ctrl+Return)</source>
        <translation>Yükle, temizle, süz ve kopyaları ayıkla (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <source>Stop; the inputs are untouched (Esc)</source>
        <translation>Durdur; girdilere dokunulmaz (Esc)</translation>
    </message>
    <message>
        <source>Open output...</source>
        <translation>Çıktı aç...</translation>
    </message>
    <message>
        <source>Show a corpus output folder written earlier (or by &apos;ahenk corpus run&apos;)</source>
        <translation>Daha önce (ya da &apos;ahenk corpus run&apos; ile) yazılmış bir derlem çıktı klasörünü göster</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dosyalar</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Dosya</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bayt</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Biçim</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>Kodlama</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Diller</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Sorunlar</translation>
    </message>
    <message>
        <source>All documents</source>
        <translation>Tüm belgeler</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Tutulanlar</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Çıkarılanlar</translation>
    </message>
    <message>
        <source>Left: the text as loaded, with what cleaning changed made visible (· space, ⟨CR⟩ carriage return, ⟨U+200B⟩ an invisible character). Right: the cleaned text. Colours: the kind of change, counted below.</source>
        <translation>Sol: yüklendiği gibi metin, temizliğin değiştirdikleri görünür kılınmış (· boşluk, ⟨CR⟩ satır başı, ⟨U+200B⟩ görünmez bir karakter). Sağ: temizlenmiş metin. Renkler: değişikliğin türü, aşağıda sayılır.</translation>
    </message>
</context>
<context>
    <name>ahenk::ui::CurveChart</name>
    <message>
        <source>step</source>
        <translation>adım</translation>
    </message>
    <message>
        <source>%1 min/max</source>
        <translation>%1 en az/en çok</translation>
    </message>
    <message>
        <source>%1 (raw)</source>
        <translation>%1 (ham)</translation>
    </message>
    <message>
        <source>%1 (EMA %2)</source>
        <translation>%1 (ÜHO %2)</translation>
    </message>
</context>
<context>
    <name>ahenk::ui::DedupPage</name>
    <message>
        <source>A corpus output folder</source>
        <translation>Bir derlem çıktı klasörü</translation>
    </message>
    <message>
        <source>P(candidate), %1 bands × %2 rows</source>
        <translation>P(aday), %1 bant × %2 satır</translation>
    </message>
    <message>
        <source>threshold %1</source>
        <translation>eşik %1</translation>
    </message>
    <message>
        <source>joined pairs (%1)</source>
        <translation>birleştirilen çiftler (%1)</translation>
    </message>
    <message>
        <source>candidates below the threshold (%1)</source>
        <translation>eşiğin altındaki adaylar (%1)</translation>
    </message>
    <message>
        <source>With %1 bands of %2 rows (%3 hash functions), a pair at Jaccard %4 becomes a candidate with probability %5; at 0.5, %6. The run used %7 × %8.</source>
        <translation>%2 satırlık %1 bantla (%3 özet işlevi), Jaccard benzerliği %4 olan bir çift %5 olasılıkla aday olur; 0.5&apos;te %6. Çalıştırma %7 × %8 kullandı.</translation>
    </message>
    <message>
        <source>giant</source>
        <translation>dev</translation>
    </message>
    <message>
        <source>split</source>
        <translation>bölünmüş</translation>
    </message>
    <message>
        <source>%1 of size %2</source>
        <translation>%2 boyutunda %1 küme</translation>
    </message>
    <message>
        <source>No clusters: no two documents are duplicates at this threshold.</source>
        <translation>Küme yok: bu eşikte hiçbir iki belge birbirinin kopyası değil.</translation>
    </message>
    <message>
        <source>Clusters by size: %1</source>
        <translation>Boyuta göre kümeler: %1</translation>
    </message>
    <message>
        <source>%1 candidate pairs; %2 clusters; joined as exact duplicates: %3, as near duplicates: %4 (threshold %5, %6).</source>
        <translation>%1 aday çift; %2 küme; birebir kopya olarak birleştirilen: %3, yakın kopya olarak: %4 (eşik %5, %6).</translation>
    </message>
    <message>
        <source>each pair verified by its exact Jaccard</source>
        <translation>her çift kesin Jaccard değeriyle doğrulandı</translation>
    </message>
    <message>
        <source>pairs joined unverified, as datatrove does</source>
        <translation>çiftler datatrove&apos;daki gibi doğrulanmadan birleştirildi</translation>
    </message>
    <message numerus="yes">
        <source>%n giant cluster(s): many documents joined into one, often boilerplate (a licence, a navigation bar) rather than copies. Read a few members before removing them.</source>
        <translation>
            <numerusform>%n dev küme: birçok belge tek kümede birleşti; bunlar çoğu zaman kopya değil, kalıp metindir (bir lisans, bir gezinme çubuğu). Çıkarmadan önce birkaç üyesini okuyun.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cluster(s) split: members joined through a chain of pairs but not similar enough to the kept document became clusters of their own.</source>
        <translation>
            <numerusform>%n küme bölündü: bir çiftler zinciriyle katılan ama tutulan belgeye yeterince benzemeyen üyeler kendi kümelerini oluşturdu.</numerusform>
        </translation>
    </message>
    <message>
        <source>keep</source>
        <translation>tut</translation>
    </message>
    <message numerus="yes">
        <source>Apply %n decision(s) to the output</source>
        <translation>
            <numerusform>%n kararı çıktıya uygula</numerusform>
        </translation>
    </message>
    <message>
        <source>kept</source>
        <translation>tutuldu</translation>
    </message>
    <message>
        <source>Shared %1-word shingles: %2 of %3 distinct in the member (highlighted). </source>
        <translation>Ortak %1 sözcüklük kiremitler: üyedeki %3 farklı kiremitten %2 tanesi (vurgulu). </translation>
    </message>
    <message>
        <source>The kept document itself.</source>
        <translation>Tutulan belgenin kendisi.</translation>
    </message>
    <message>
        <source>Exact duplicate: the same words.</source>
        <translation>Birebir kopya: aynı sözcükler.</translation>
    </message>
    <message>
        <source>Bands that collided: %1 of %2 (%3). Jaccard estimated from the signatures %4, exact %5.</source>
        <translation>Çakışan bantlar: %2 banttan %1 (%3). İmzalardan kestirilen Jaccard %4, kesin %5.</translation>
    </message>
    <message>
        <source>Not a candidate pair with the kept document: joined through another member (Jaccard to the kept document %1).</source>
        <translation>Tutulan belgeyle aday çift değil: başka bir üye üzerinden katıldı (tutulan belgeyle Jaccard %1).</translation>
    </message>
    <message>
        <source>Run the corpus stage with deduplication on the Corpus page, or open an output folder: its clusters and candidate pairs are shown here.</source>
        <translation>Derlem sayfasında kopya ayıklamayla derlem aşamasını çalıştırın ya da bir çıktı klasörü açın: kümeleri ve aday çiftleri burada gösterilir.</translation>
    </message>
    <message>
        <source>Deduplication of %1</source>
        <translation>%1 kopya ayıklaması</translation>
    </message>
    <message>
        <source>Open output...</source>
        <translation>Çıktı aç...</translation>
    </message>
    <message>
        <source>Bands</source>
        <translation>Bantlar</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Satırlar</translation>
    </message>
    <message>
        <source>More bands catch less similar pairs (the curve moves left).</source>
        <translation>Daha çok bant daha az benzer çiftleri de yakalar (eğri sola kayar).</translation>
    </message>
    <message>
        <source>More rows per band make the curve steeper and move it right.</source>
        <translation>Bant başına daha çok satır eğriyi dikleştirir ve sağa kaydırır.</translation>
    </message>
    <message>
        <source>LSH S-curve: the chance that a pair becomes a candidate</source>
        <translation>LSH S-eğrisi: bir çiftin aday olma olasılığı</translation>
    </message>
    <message>
        <source>Jaccard similarity</source>
        <translation>Jaccard benzerliği</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>olasılık</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Küme</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Boyut</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Tutulan</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>İşaretler</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Üye</translation>
    </message>
    <message>
        <source>Jaccard</source>
        <translation>Jaccard</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Karar</translation>
    </message>
    <message>
        <source>Moves the documents between kept.jsonl and removed.jsonl and records the decisions in decisions.jsonl.</source>
        <translation>Belgeleri kept.jsonl ile removed.jsonl arasında taşır ve kararları decisions.jsonl dosyasına kaydeder.</translation>
    </message>
</context>
<context>
    <name>ahenk::ui::FiltersPage</name>
    <message>
        <source>A corpus output folder</source>
        <translation>Bir derlem çıktı klasörü</translation>
    </message>
    <message>
        <source>%1%2 — removes %3</source>
        <translation>%1%2 — %3 çıkarır</translation>
    </message>
    <message>
        <source>Kept by the filters: %1 of %2 documents (%3 removed).</source>
        <translation>Süzgeçlerin tuttuğu: %2 belgeden %1 (%3 çıkarıldı).</translation>
    </message>
    <message>
        <source>%1 removes %2 (the first rule to fail for them); %3 fail it in all.</source>
        <translation>%1, %2 belgeyi çıkarır (takıldıkları ilk kural bu); toplam %3 belge bu kurala takılır.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2): %3. A document is removed when the value is %4 the threshold; the published threshold is %5.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2): %3. Değer %4 eşik olduğunda belge çıkarılır; yayımlanmış eşik %5.</translation>
    </message>
    <message>
        <source>%1 is in neither kept.jsonl nor removed.jsonl.</source>
        <translation>%1 ne kept.jsonl ne de removed.jsonl içinde.</translation>
    </message>
    <message>
        <source>Run the corpus stage on the Corpus page, or open an output folder: every rule&apos;s measured values are shown here.</source>
        <translation>Derlem sayfasında derlem aşamasını çalıştırın ya da bir çıktı klasörü açın: her kuralın ölçülen değerleri burada gösterilir.</translation>
    </message>
    <message numerus="yes">
        <source>Measurements of %n document(s) from %1</source>
        <translation>
            <numerusform>%1 klasöründen %n belgenin ölçümleri</numerusform>
        </translation>
    </message>
    <message>
        <source>Open output...</source>
        <translation>Çıktı aç...</translation>
    </message>
    <message>
        <source>Log counts</source>
        <translation>Logaritmik sayımlar</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Eşik</translation>
    </message>
    <message>
        <source>Type a value, or drag the red line on the histogram.</source>
        <translation>Bir değer yazın ya da histogramdaki kırmızı çizgiyi sürükleyin.</translation>
    </message>
    <message>
        <source>How many documents have each value; the shaded side is removed. Drag to move the threshold.</source>
        <translation>Her değerde kaç belge var; gölgeli taraf çıkarılır. Eşiği kaydırmak için sürükleyin.</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Sıfırla</translation>
    </message>
    <message>
        <source>Reset all</source>
        <translation>Tümünü sıfırla</translation>
    </message>
    <message>
        <source>Use for the next run</source>
        <translation>Sonraki çalıştırmada kullan</translation>
    </message>
    <message>
        <source>The Corpus page runs with these thresholds next time.</source>
        <translation>Derlem sayfası bir dahaki sefere bu eşiklerle çalışır.</translation>
    </message>
    <message>
        <source>The same thresholds for &apos;ahenk corpus run&apos;.</source>
        <translation>&apos;ahenk corpus run&apos; için aynı eşikler.</translation>
    </message>
    <message>
        <source>all thresholds as published</source>
        <translation>tüm eşikler yayımlandığı gibi</translation>
    </message>
    <message>
        <source>Removed document</source>
        <translation>Çıkarılan belge</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Değer</translation>
    </message>
    <message>
        <source>characters of the most frequent %1-gram / characters</source>
        <translation>en sık %1-gramın karakterleri / karakterler</translation>
    </message>
    <message>
        <source>characters in repeated %1-grams / characters</source>
        <translation>yinelenen %1-gramlardaki karakterler / karakterler</translation>
    </message>
    <message>
        <source>duplicate paragraphs / paragraphs</source>
        <translation>yinelenen paragraflar / paragraflar</translation>
    </message>
    <message>
        <source>characters in duplicate paragraphs / characters</source>
        <translation>yinelenen paragraflardaki karakterler / karakterler</translation>
    </message>
    <message>
        <source>duplicate lines / lines</source>
        <translation>yinelenen satırlar / satırlar</translation>
    </message>
    <message>
        <source>characters in duplicate lines / characters</source>
        <translation>yinelenen satırlardaki karakterler / karakterler</translation>
    </message>
    <message>
        <source>words (punctuation excluded)</source>
        <translation>sözcükler (noktalama hariç)</translation>
    </message>
    <message>
        <source>mean word length</source>
        <translation>ortalama sözcük uzunluğu</translation>
    </message>
    <message>
        <source>&apos;#&apos; per word</source>
        <translation>sözcük başına &apos;#&apos;</translation>
    </message>
    <message>
        <source>ellipses per word</source>
        <translation>sözcük başına üç nokta</translation>
    </message>
    <message>
        <source>lines starting with a bullet / lines</source>
        <translation>madde imiyle başlayan satırlar / satırlar</translation>
    </message>
    <message>
        <source>lines ending with an ellipsis / lines</source>
        <translation>üç noktayla biten satırlar / satırlar</translation>
    </message>
    <message>
        <source>words with a letter / words</source>
        <translation>harf içeren sözcükler / sözcükler</translation>
    </message>
    <message>
        <source>stop words</source>
        <translation>durak sözcükleri</translation>
    </message>
    <message>
        <source>kept lines containing &quot;lorem ipsum&quot;</source>
        <translation>&quot;lorem ipsum&quot; içeren tutulan satırlar</translation>
    </message>
    <message>
        <source>kept lines containing a curly bracket</source>
        <translation>süslü parantez içeren tutulan satırlar</translation>
    </message>
    <message>
        <source>sentences in the lines C4 keeps</source>
        <translation>C4&apos;ün tuttuğu satırlardaki cümleler</translation>
    </message>
    <message>
        <source>lines ending in punctuation / lines</source>
        <translation>noktalamayla biten satırlar / satırlar</translation>
    </message>
    <message>
        <source>lines of 30 characters or fewer / lines</source>
        <translation>30 karakter ya da daha kısa satırlar / satırlar</translation>
    </message>
    <message>
        <source>line breaks / words</source>
        <translation>satır sonları / sözcükler</translation>
    </message>
</context>
<context>
    <name>ahenk::ui::HomePage</name>
    <message>
        <source>Reading the sample corpus…</source>
        <translation>Örnek derlem okunuyor…</translation>
    </message>
    <message>
        <source>Cannot read the sample corpus: %1</source>
        <translation>Örnek derlem okunamıyor: %1</translation>
    </message>
    <message>
        <source>The bundled sample corpus in %1</source>
        <translation>%1 içindeki hazır örnek derlem</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dosyalar</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bayt</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Satır</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>Sözcük</translation>
    </message>
    <message>
        <source>Code points</source>
        <translation>Kod noktası</translation>
    </message>
    <message>
        <source>Invalid UTF-8 sequences</source>
        <translation>Geçersiz UTF-8 dizisi</translation>
    </message>
    <message>
        <source>Welcome to Ahenk</source>
        <translation>Ahenk&apos;e hoş geldiniz</translation>
    </message>
    <message>
        <source>Ahenk shows, step by step, how a language model is trained from a pile of text files: the corpus, the tokenizer, the model and its training. Pick a stage on the left. Each stage appears here as it becomes available.</source>
        <translation>Ahenk, bir dil modelinin bir yığın metin dosyasından nasıl eğitildiğini adım adım gösterir: derlem, belirteçleyici, model ve eğitimi. Soldan bir aşama seçin. Her aşama hazır oldukça burada belirir.</translation>
    </message>
    <message>
        <source>Sample corpus</source>
        <translation>Örnek derlem</translation>
    </message>
    <message>
        <source>This machine</source>
        <translation>Bu makine</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Ölçü</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Değer</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Dosya</translation>
    </message>
</context>
<context>
    <name>ahenk::ui::InspectPage</name>
    <message>
        <source>in a Vulkan window</source>
        <translation>bir Vulkan penceresinde</translation>
    </message>
    <message>
        <source>offscreen, shown as an image</source>
        <translation>ekran dışında, resim olarak gösteriliyor</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>kullanılamıyor</translation>
    </message>
    <message>
        <source>Rendering %1</source>
        <translation>Çizim: %1</translation>
    </message>
    <message>
        <source>Rendering %1 on %2</source>
        <translation>Çizim: %1, %2 üzerinde</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>adım %1</translation>
    </message>
    <message>
        <source>Open a checkpoint folder</source>
        <translation>Bir denetim noktası klasörü açın</translation>
    </message>
    <message>
        <source>Checkpoint:</source>
        <translation>Denetim noktası:</translation>
    </message>
    <message>
        <source>A checkpoint folder written by training (ahenk train --out); Enter loads it</source>
        <translation>Eğitimin yazdığı bir denetim noktası klasörü (ahenk train --out); Enter yükler</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Aç…</translation>
    </message>
    <message>
        <source>Follow training</source>
        <translation>Eğitimi izle</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>İstem:</translation>
    </message>
    <message>
        <source>The text the model reads for the attention, RoPE, spike and scan views; Enter applies it</source>
        <translation>Dikkat, RoPE, diken ve tarama görünümleri için modelin okuduğu metin; Enter uygular</translation>
    </message>
    <message>
        <source>Checkpoints seen:</source>
        <translation>Görülen denetim noktaları:</translation>
    </message>
    <message>
        <source>Move through the embedding projections of the checkpoints loaded so far and watch the cloud move</source>
        <translation>Şimdiye kadar yüklenen denetim noktalarının gömme izdüşümleri arasında gezinin ve bulutun hareketini izleyin</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>Gömmeler</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Dikkat</translation>
    </message>
    <message>
        <source>RoPE</source>
        <translation>RoPE</translation>
    </message>
    <message>
        <source>Spikes</source>
        <translation>Dikenler</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Tarama</translation>
    </message>
    <message>
        <source>Every token of the vocabulary at its first three principal components</source>
        <translation>Sözcük dağarcığındaki her belirteç, ilk üç temel bileşeninde</translation>
    </message>
    <message>
        <source>Every layer and head&apos;s attention on the prompt, one enlarged with its tokens</source>
        <translation>Her katman ve kafanın istem üzerindeki dikkati; biri belirteçleriyle büyütülmüş</translation>
    </message>
    <message>
        <source>Rotary position embedding: a real query and key turning with position</source>
        <translation>Döner konum gömmesi: konumla dönen gerçek bir sorgu ve anahtar</translation>
    </message>
    <message>
        <source>The spiking model&apos;s neurons over time, with potentials and surrogate gradients</source>
        <translation>Dikenli modelin nöronları zaman içinde, potansiyeller ve vekil gradyanlarla</translation>
    </message>
    <message>
        <source>Mamba&apos;s parallel scan, round by round, against the sequential loop</source>
        <translation>Mamba&apos;nın paralel taraması, tur tur, sıralı döngüyle karşılaştırmalı</translation>
    </message>
    <message>
        <source>Open a checkpoint folder above, or train a model on the Train page: its checkpoints appear here as they are saved.</source>
        <translation>Yukarıdan bir denetim noktası klasörü açın ya da Eğitim sayfasında bir model eğitin: denetim noktaları kaydedildikçe burada görünür.</translation>
    </message>
    <message>
        <source>loading: %1</source>
        <translation>yükleniyor: %1</translation>
    </message>
    <message>
        <source>%1: a %2 model, %3 prompt tokens</source>
        <translation>%1: bir %2 modeli, %3 istem belirteci</translation>
    </message>
    <message>
        <source>showing %1 of %2 checkpoints</source>
        <translation>%2 denetim noktasından %1. gösteriliyor</translation>
    </message>
    <message>
        <source>step %1 (live)</source>
        <translation>adım %1 (canlı)</translation>
    </message>
    <message>
        <source>Reload each checkpoint the Train page saves, and keep its embedding projection for the scrubber; between checkpoints, draw the attention of the current training batch and the embeddings live, once a second</source>
        <translation>Eğitim sayfasının kaydettiği her kontrol noktasını yeniden yükle ve gömme izdüşümünü kaydırıcı için sakla; kontrol noktaları arasında o anki eğitim yığınının dikkatini ve gömmeleri saniyede bir canlı çiz</translation>
    </message>
    <message>
        <source>live: the training batch at step %1</source>
        <translation>canlı: %1. adımdaki eğitim yığını</translation>
    </message>
</context>
<context>
    <name>ahenk::ui::MainWindow</name>
    <message>
        <source>Sample corpus read</source>
        <translation>Örnek derlem okundu</translation>
    </message>
    <message>
        <source>Ahenk Workbench %1</source>
        <translation>Ahenk Tezgâhı %1</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Ana sayfa</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>İncele</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Dosya</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Çı&amp;kış</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Görünüm</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>D&amp;il</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Yardım</translation>
    </message>
    <message>
        <source>&amp;About Ahenk</source>
        <translation>Ahenk &amp;hakkında</translation>
    </message>
    <message>
        <source>Run %1 recorded in %2</source>
        <translation>Çalıştırma %1, %2 içine kaydedildi</translation>
    </message>
    <message>
        <source>Run %1 failed; see the Train page</source>
        <translation>Çalıştırma %1 başarısız oldu; Eğitim sayfasına bakın</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>Yeni oturum</translation>
    </message>
    <message>
        <source>Ahenk sessions (*.ahenk)</source>
        <translation>Ahenk oturumları (*.ahenk)</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>Oturum aç</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Eğitim</translation>
    </message>
    <message>
        <source>&amp;New Session...</source>
        <translation>&amp;Yeni Oturum...</translation>
    </message>
    <message>
        <source>&amp;Open Session...</source>
        <translation>Oturum &amp;Aç...</translation>
    </message>
    <message>
        <source>Session: %1</source>
        <translation>Oturum: %1</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Oturumlar</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>Deneme alanı</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>Belirteçleyici</translation>
    </message>
    <message>
        <source>Open text files</source>
        <translation>Metin dosyalarını aç</translation>
    </message>
    <message>
        <source>Corpus</source>
        <translation>Derlem</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>Süzgeçler</translation>
    </message>
    <message>
        <source>Open &amp;Text Files...</source>
        <translation>&amp;Metin Dosyalarını Aç...</translation>
    </message>
    <message>
        <source>Decisions applied to %1</source>
        <translation>Kararlar %1 klasörüne uygulandı</translation>
    </message>
    <message>
        <source>Dedup</source>
        <translation>Kopyalar</translation>
    </message>
</context>
<context>
    <name>ahenk::ui::PlaygroundPage</name>
    <message>
        <source>Checkpoint folder</source>
        <translation>Denetim noktası klasörü</translation>
    </message>
    <message>
        <source>Choose a checkpoint folder (one with state.json: a Train page run&apos;s checkpoints, or `ahenk train --out`).</source>
        <translation>Bir denetim noktası klasörü seçin (içinde state.json olan: bir Eğitim sayfası çalıştırmasının denetim noktaları ya da `ahenk train --out`).</translation>
    </message>
    <message>
        <source>token %1 «%2»: p = %3 (log p = %4)</source>
        <translation>belirteç %1 «%2»: p = %3 (log p = %4)</translation>
    </message>
    <message>
        <source>%1 «%2»: log p = %3</source>
        <translation>%1 «%2»: log p = %3</translation>
    </message>
    <message>
        <source>%1 tokens, %2 tokens/s</source>
        <translation>%1 belirteç, %2 belirteç/sn</translation>
    </message>
    <message>
        <source>Generating...</source>
        <translation>Üretiliyor...</translation>
    </message>
    <message>
        <source>Generation failed</source>
        <translation>Üretim başarısız oldu</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>Örnekleme</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Denetim noktası</translation>
    </message>
    <message>
        <source>A checkpoint folder: a Train page run&apos;s (see the Sessions page) or `ahenk train --out`.</source>
        <translation>Bir denetim noktası klasörü: bir Eğitim sayfası çalıştırmasınınki (Oturumlar sayfasına bakın) ya da `ahenk train --out`.</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>İstem</translation>
    </message>
    <message>
        <source>The text the model continues.</source>
        <translation>Modelin sürdürdüğü metin.</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Sıcaklık</translation>
    </message>
    <message>
        <source>Divides the logits before the softmax: below 1 sharpens the distribution, above 1 flattens it; 0 always takes the most likely token.</source>
        <translation>Softmax öncesi logitleri böler: 1&apos;in altı dağılımı keskinleştirir, üstü düzleştirir; 0 her zaman en olası belirteci seçer.</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>İlk k</translation>
    </message>
    <message>
        <source>Sample only among the k most likely tokens; 0: no limit.</source>
        <translation>Yalnızca en olası k belirteç arasından örnekle; 0: sınır yok.</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>İlk p</translation>
    </message>
    <message>
        <source>Nucleus sampling: only the most likely tokens whose probabilities add up to p.</source>
        <translation>Çekirdek örnekleme: yalnızca olasılıkları toplamı p&apos;ye ulaşan en olası belirteçler.</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Tohum</translation>
    </message>
    <message>
        <source>The same seed and settings give the same text.</source>
        <translation>Aynı tohum ve ayarlar aynı metni verir.</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Belirteçler</translation>
    </message>
    <message>
        <source>How many tokens to generate.</source>
        <translation>Kaç belirteç üretileceği.</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Gözat...</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Üret</translation>
    </message>
    <message>
        <source>Generate (Ctrl+Return)</source>
        <translation>Üret (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Durdur</translation>
    </message>
    <message>
        <source>Each generated token is coloured by the probability the model gave it: green likely, yellow, red unlikely. Hover a token for its five most likely alternatives.</source>
        <translation>Üretilen her belirteç, modelin ona verdiği olasılığa göre renklenir: yeşil olası, sarı, kırmızı olası değil. En olası beş seçeneği görmek için imleci bir belirtecin üzerine getirin.</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Hazır</translation>
    </message>
</context>
<context>
    <name>ahenk::ui::ReportTree</name>
    <message>
        <source>available</source>
        <translation>kullanılabilir</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>kullanılamıyor</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Öğe</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Değer</translation>
    </message>
</context>
<context>
    <name>ahenk::ui::SessionsPage</name>
    <message>
        <source>run %1 %2</source>
        <translation>çalıştırma %1 %2</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Ayar</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>çalıştırma %1</translation>
    </message>
    <message>
        <source>%1, run %2: %3</source>
        <translation>%1, çalıştırma %2: %3</translation>
    </message>
    <message>
        <source>%1, session: %2</source>
        <translation>%1, oturum: %2</translation>
    </message>
    <message>
        <source>Rename run %1</source>
        <translation>Çalıştırma %1 adını değiştir</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Ad:</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Not</translation>
    </message>
    <message>
        <source>A note on run %1:</source>
        <translation>Çalıştırma %1 için not:</translation>
    </message>
    <message>
        <source>A note on the session:</source>
        <translation>Oturum için not:</translation>
    </message>
    <message>
        <source>Export session</source>
        <translation>Oturumu dışa aktar</translation>
    </message>
    <message>
        <source>Session archives (*.tar.zst)</source>
        <translation>Oturum arşivleri (*.tar.zst)</translation>
    </message>
    <message>
        <source>Exported %1 files (%2 MB) into %3</source>
        <translation>%1 dosya (%2 MB) %3 içine aktarıldı</translation>
    </message>
    <message>
        <source>Import session</source>
        <translation>Oturumu içe aktar</translation>
    </message>
    <message>
        <source>Save the imported session as</source>
        <translation>İçe aktarılan oturumu farklı kaydet</translation>
    </message>
    <message>
        <source>Ahenk sessions (*.ahenk)</source>
        <translation>Ahenk oturumları (*.ahenk)</translation>
    </message>
    <message>
        <source>Imported %1 files into %2</source>
        <translation>%1 dosya %2 içine aktarıldı</translation>
    </message>
    <message>
        <source>Cancelled; nothing was written.</source>
        <translation>İptal edildi; hiçbir şey yazılmadı.</translation>
    </message>
    <message>
        <source>No session is open.</source>
        <translation>Açık oturum yok.</translation>
    </message>
    <message>
        <source>Session %1: %2 runs</source>
        <translation>Oturum %1: %2 çalıştırma</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Yenile</translation>
    </message>
    <message>
        <source>Read the session again (F5); runs recording elsewhere show their latest steps</source>
        <translation>Oturumu yeniden oku (F5); başka yerde kaydedilen çalıştırmalar son adımlarını gösterir</translation>
    </message>
    <message>
        <source>Rename...</source>
        <translation>Yeniden adlandır...</translation>
    </message>
    <message>
        <source>Add note...</source>
        <translation>Not ekle...</translation>
    </message>
    <message>
        <source>A note on the selected run, or on the session when none is selected</source>
        <translation>Seçili çalıştırma için, hiçbiri seçili değilse oturum için bir not</translation>
    </message>
    <message>
        <source>Open in Train page</source>
        <translation>Eğitim sayfasında aç</translation>
    </message>
    <message>
        <source>Load this training run&apos;s configuration into the Train page</source>
        <translation>Bu eğitim çalıştırmasının yapılandırmasını Eğitim sayfasına yükle</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>Dışa aktar...</translation>
    </message>
    <message>
        <source>Write the session and its artifacts into one archive to share</source>
        <translation>Oturumu ve yapıtlarını paylaşmak için tek bir arşive yaz</translation>
    </message>
    <message>
        <source>Import...</source>
        <translation>İçe aktar...</translation>
    </message>
    <message>
        <source>Unpack a session archive, checking every file&apos;s SHA-256 before anything is kept</source>
        <translation>Bir oturum arşivini aç; bir şey saklanmadan önce her dosyanın SHA-256 değeri denetlenir</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Çalıştırma</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tür</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <source>Last step</source>
        <translation>Son adım</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Başlangıç</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Sonuç</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Ölçüm</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>Logaritmik ölçek</translation>
    </message>
    <message>
        <source>Smoothing %1</source>
        <translation>Yumuşatma %1</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>Eğriler</translation>
    </message>
    <message>
        <source>Config difference (select two runs)</source>
        <translation>Yapılandırma farkı (iki çalıştırma seçin)</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notlar</translation>
    </message>
    <message>
        <source>first run</source>
        <translation>ilk çalıştırma</translation>
    </message>
    <message>
        <source>second run</source>
        <translation>ikinci çalıştırma</translation>
    </message>
    <message>
        <source>running</source>
        <translation>sürüyor</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>duraklatıldı</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>tamamlandı</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>durduruldu</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>başarısız</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>yarıda kesildi</translation>
    </message>
    <message>
        <source> of %1 documents</source>
        <translation> / %1 belge</translation>
    </message>
    <message>
        <source>bits/byte %1</source>
        <translation>bit/bayt %1</translation>
    </message>
    <message>
        <source>validation loss %1</source>
        <translation>doğrulama kaybı %1</translation>
    </message>
    <message>
        <source>loss %1</source>
        <translation>kayıp %1</translation>
    </message>
    <message>
        <source>kept %1</source>
        <translation>tutulan %1</translation>
    </message>
    <message>
        <source>vocabulary %1</source>
        <translation>sözcük dağarcığı %1</translation>
    </message>
    <message>
        <source>%1 bytes/token</source>
        <translation>%1 bayt/belirteç</translation>
    </message>
    <message>
        <source>%1 files</source>
        <translation>%1 dosya</translation>
    </message>
</context>
<context>
    <name>ahenk::ui::ThresholdHistogram</name>
    <message>
        <source>No document has a value for this rule.</source>
        <translation>Hiçbir belgenin bu kural için değeri yok.</translation>
    </message>
</context>
<context>
    <name>ahenk::ui::TokenizerPage</name>
    <message>
        <source>Id</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Belirteç</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bayt</translation>
    </message>
    <message>
        <source>What it is</source>
        <translation>Nedir</translation>
    </message>
    <message>
        <source>special token</source>
        <translation>özel belirteç</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>bilinmeyen</translation>
    </message>
    <message>
        <source>byte</source>
        <translation>bayt</translation>
    </message>
    <message>
        <source>merge %1</source>
        <translation>birleştirme %1</translation>
    </message>
    <message>
        <source>score %1</source>
        <translation>puan %1</translation>
    </message>
    <message>
        <source>inside a word</source>
        <translation>sözcük içinde</translation>
    </message>
    <message>
        <source>starts a word</source>
        <translation>sözcük başlatır</translation>
    </message>
    <message>
        <source>Open tokenizer</source>
        <translation>Belirteçleyici aç</translation>
    </message>
    <message>
        <source>Tokenizers (*.json *.model);;All files (*)</source>
        <translation>Belirteçleyiciler (*.json *.model);;Tüm dosyalar (*)</translation>
    </message>
    <message>
        <source>Tokenizers to compare</source>
        <translation>Karşılaştırılacak belirteçleyiciler</translation>
    </message>
    <message>
        <source>Choose an output file (no session is open).</source>
        <translation>Bir çıktı dosyası seçin (açık oturum yok).</translation>
    </message>
    <message>
        <source>Reading the text</source>
        <translation>Metin okunuyor</translation>
    </message>
    <message>
        <source>Trained: %1</source>
        <translation>Eğitildi: %1</translation>
    </message>
    <message>
        <source>Cancelled; nothing was written</source>
        <translation>İptal edildi; hiçbir şey yazılmadı</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>İptal ediliyor...</translation>
    </message>
    <message>
        <source>Add the tokenizers to compare first.</source>
        <translation>Önce karşılaştırılacak belirteçleyicileri ekleyin.</translation>
    </message>
    <message numerus="yes">
        <source>Comparing %n tokenizer(s)</source>
        <translation>
            <numerusform>%n belirteçleyici karşılaştırılıyor</numerusform>
        </translation>
    </message>
    <message>
        <source>Compared on %1 of text</source>
        <translation>%1 metin üzerinde karşılaştırıldı</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>İptal edildi</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>Sözcük dağarcığı</translation>
    </message>
    <message>
        <source>Bytes per token</source>
        <translation>Belirteç başına bayt</translation>
    </message>
    <message>
        <source>Tokens per word</source>
        <translation>Sözcük başına belirteç</translation>
    </message>
    <message>
        <source>Split characters</source>
        <translation>Bölünen karakterler</translation>
    </message>
    <message>
        <source>Unknown tokens</source>
        <translation>Bilinmeyen belirteçler</translation>
    </message>
    <message>
        <source>Byte tokens</source>
        <translation>Bayt belirteçleri</translation>
    </message>
    <message>
        <source>Coverage: %1</source>
        <translation>Kapsam: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n belirteç</numerusform>
        </translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 açıldı</translation>
    </message>
    <message>
        <source>bytes per token</source>
        <translation>belirteç başına bayt</translation>
    </message>
    <message>
        <source>training text in tokens</source>
        <translation>belirteç olarak eğitim metni</translation>
    </message>
    <message>
        <source>Tokens in the training text after each merge</source>
        <translation>Her birleştirmeden sonra eğitim metnindeki belirteçler</translation>
    </message>
    <message>
        <source>merge</source>
        <translation>birleştirme</translation>
    </message>
    <message>
        <source>Each merge joins the most frequent pair of tokens into a new one, so the training text takes fewer tokens; the curve flattens as the remaining pairs grow rare.</source>
        <translation>Her birleştirme en sık görülen belirteç çiftini yeni bir belirteçte birleştirir, böylece eğitim metni daha az belirteç tutar; kalan çiftler seyrekleştikçe eğri yataylaşır.</translation>
    </message>
    <message>
        <source>WordPiece joins the pair with the highest score count(ab) / (count(a) count(b)): pairs whose parts rarely occur apart, not merely frequent ones.</source>
        <translation>WordPiece, en yüksek sayım(ab) / (sayım(a) sayım(b)) puanlı çifti birleştirir: yalnızca sık görülen çiftleri değil, parçaları nadiren ayrı görülen çiftleri.</translation>
    </message>
    <message>
        <source>log-likelihood per word</source>
        <translation>sözcük başına log-olabilirlik</translation>
    </message>
    <message>
        <source>Log-likelihood per word at each EM iteration</source>
        <translation>Her EM yinelemesinde sözcük başına log-olabilirlik</translation>
    </message>
    <message>
        <source>EM iteration</source>
        <translation>EM yinelemesi</translation>
    </message>
    <message>
        <source>Unigram starts from many candidate pieces; each EM iteration re-estimates their probabilities, and each pruning step removes the pieces whose loss costs the text least likelihood, until the vocabulary has its size.</source>
        <translation>Unigram birçok aday parçayla başlar; her EM yinelemesi olasılıklarını yeniden kestirir, her budama adımı da yitirilmesi metne en az olabilirliğe mal olan parçaları çıkarır; sözcük dağarcığı istenen boyuta inene dek.</translation>
    </message>
    <message>
        <source>This tokenizer was opened from a file: its training history is not in it. Train one here to see how it learned.</source>
        <translation>Bu belirteçleyici bir dosyadan açıldı: eğitim geçmişi içinde yok. Nasıl öğrendiğini görmek için burada bir tane eğitin.</translation>
    </message>
    <message>
        <source>Train a tokenizer, or open one, to see how it learned.</source>
        <translation>Nasıl öğrendiğini görmek için bir belirteçleyici eğitin ya da açın.</translation>
    </message>
    <message numerus="yes">
        <source>id %1 · %2 · %n byte(s)</source>
        <translation>
            <numerusform>no %1 · %2 · %n bayt</numerusform>
        </translation>
    </message>
    <message>
        <source>Merge replay is for BPE tokenizers; this one is %1.</source>
        <translation>Birleştirme yeniden oynatımı BPE belirteçleyicileri içindir; bu bir %1.</translation>
    </message>
    <message>
        <source>Before the first merge: every byte is a token of its own.</source>
        <translation>İlk birleştirmeden önce: her bayt kendi başına bir belirteçtir.</translation>
    </message>
    <message>
        <source>Merge %1 of %2: %3 + %4 → %5</source>
        <translation>Birleştirme %1 / %2: %3 + %4 → %5</translation>
    </message>
    <message>
        <source>, seen %1 times; the training text went from %2 to %3 tokens (%4 bytes per token)</source>
        <translation>, %1 kez görüldü; eğitim metni %2 belirteçten %3 belirtece indi (belirteç başına %4 bayt)</translation>
    </message>
    <message>
        <source>this merge</source>
        <translation>bu birleştirme</translation>
    </message>
    <message>
        <source>Train a tokenizer</source>
        <translation>Belirteçleyici eğit</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Metin</translation>
    </message>
    <message>
        <source>Files or folders to learn from (separated by &apos;;&apos;): .txt, .md, .jsonl, optionally .gz or .zst, in any encoding; a corpus output&apos;s kept.jsonl too.</source>
        <translation>Öğrenilecek dosyalar ya da klasörler (&apos;;&apos; ile ayrılmış): .txt, .md, .jsonl, isteğe bağlı .gz ya da .zst, herhangi bir kodlamada; bir derlem çıktısının kept.jsonl dosyası da olur.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>BPE starts from the 256 bytes and repeatedly merges the most frequent pair. Unigram starts from many candidate pieces and prunes the ones the text needs least. WordPiece merges the pair whose parts are most often seen together.</source>
        <translation>BPE 256 bayttan başlar ve en sık görülen çifti tekrar tekrar birleştirir. Unigram birçok aday parçayla başlar ve metnin en az gereksindiklerini budar. WordPiece, parçaları en çok birlikte görülen çifti birleştirir.</translation>
    </message>
    <message>
        <source>Vocabulary size</source>
        <translation>Sözcük dağarcığı boyu</translation>
    </message>
    <message>
        <source>How many tokens the tokenizer ends with, bytes and special tokens included. Larger vocabularies cut text into fewer, longer tokens, and the model needs a bigger embedding table.</source>
        <translation>Belirteçleyicinin sonunda kaç belirteci olacağı, baytlar ve özel belirteçler dahil. Büyük dağarcıklar metni daha az ve daha uzun belirteçlere böler; model de daha büyük bir gömme tablosu gerektirir.</translation>
    </message>
    <message>
        <source>Split pattern</source>
        <translation>Bölme kalıbı</translation>
    </message>
    <message>
        <source>BPE first cuts text into words, numbers and punctuation with this regular expression; merges never cross those cuts.</source>
        <translation>BPE metni önce bu düzenli ifadeyle sözcüklere, sayılara ve noktalamaya böler; birleştirmeler bu sınırları hiç aşmaz.</translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation>Normalleştirme</translation>
    </message>
    <message>
        <source>Unicode normalization before tokenizing: NFKC folds compatibility forms (ﬁ → fi, full-width letters); the default is none for BPE, NFKC for the others.</source>
        <translation>Belirteçlemeden önce Unicode normalleştirme: NFKC uyumluluk biçimlerini katlar (ﬁ → fi, tam genişlikli harfler); varsayılan BPE için yok, diğerleri için NFKC.</translation>
    </message>
    <message>
        <source>Lowercase</source>
        <translation>Küçük harf</translation>
    </message>
    <message>
        <source>Lowercase the text first; Turkish lowercasing maps I to ı and İ to i.</source>
        <translation>Metni önce küçük harfe çevir; Türkçe küçültme I&apos;yı ı&apos;ya, İ&apos;yi i&apos;ye çevirir.</translation>
    </message>
    <message>
        <source>Minimum count</source>
        <translation>En az sayım</translation>
    </message>
    <message>
        <source>BPE and WordPiece never merge a pair seen fewer times than this.</source>
        <translation>BPE ve WordPiece bundan az görülen bir çifti asla birleştirmez.</translation>
    </message>
    <message>
        <source>Character coverage</source>
        <translation>Karakter kapsamı</translation>
    </message>
    <message>
        <source>Unigram keeps the characters that make up this share of the text; the rarest rest become unknown (or bytes).</source>
        <translation>Unigram metnin bu payını oluşturan karakterleri tutar; kalan en seyrekler bilinmeyen (ya da bayt) olur.</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Farklı kaydet</translation>
    </message>
    <message>
        <source>The tokenizer.json to write (Hugging Face format); empty saves it beside the session file.</source>
        <translation>Yazılacak tokenizer.json (Hugging Face biçimi); boşsa oturum dosyasının yanına kaydedilir.</translation>
    </message>
    <message>
        <source>Byte-level BPE</source>
        <translation>Bayt düzeyinde BPE</translation>
    </message>
    <message>
        <source>Unigram LM</source>
        <translation>Unigram dil modeli</translation>
    </message>
    <message>
        <source>Default for the model</source>
        <translation>Modelin varsayılanı</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Yok</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Hayır</translation>
    </message>
    <message>
        <source>Yes (Unicode)</source>
        <translation>Evet (Unicode)</translation>
    </message>
    <message>
        <source>Yes (Turkish)</source>
        <translation>Evet (Türkçe)</translation>
    </message>
    <message>
        <source>Files...</source>
        <translation>Dosyalar...</translation>
    </message>
    <message>
        <source>Folder...</source>
        <translation>Klasör...</translation>
    </message>
    <message>
        <source>beside the session file</source>
        <translation>oturum dosyasının yanında</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Eğit</translation>
    </message>
    <message>
        <source>Train the tokenizer (Ctrl+Return)</source>
        <translation>Belirteçleyiciyi eğit (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <source>Stop the training; nothing is written (Esc)</source>
        <translation>Eğitimi durdur; hiçbir şey yazılmaz (Esc)</translation>
    </message>
    <message>
        <source>Open...</source>
        <translation>Aç...</translation>
    </message>
    <message>
        <source>Open a tokenizer.json or a SentencePiece .model</source>
        <translation>Bir tokenizer.json ya da SentencePiece .model dosyası aç</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Eğitim</translation>
    </message>
    <message>
        <source>Merge replay</source>
        <translation>Birleştirme oynatımı</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Karşılaştır</translation>
    </message>
    <message>
        <source>Replays BPE training merge by merge</source>
        <translation>BPE eğitimini birleştirme birleştirme yeniden oynatır</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Tur</translation>
    </message>
    <message>
        <source>Pieces before</source>
        <translation>Önceki parça</translation>
    </message>
    <message>
        <source>Pieces after</source>
        <translation>Sonraki parça</translation>
    </message>
    <message>
        <source>Removed (loss)</source>
        <translation>Çıkarılanlar (kayıp)</translation>
    </message>
    <message>
        <source>Bytes per token after each merge</source>
        <translation>Her birleştirmeden sonra belirteç başına bayt</translation>
    </message>
    <message>
        <source>Type any text: it is cut as the tokenizer cut it at this merge.</source>
        <translation>Herhangi bir metin yazın: belirteçleyicinin bu birleştirmede böleceği gibi bölünür.</translation>
    </message>
    <message>
        <source>Search tokens</source>
        <translation>Belirteç ara</translation>
    </message>
    <message>
        <source>Add this tokenizer</source>
        <translation>Bu belirteçleyiciyi ekle</translation>
    </message>
    <message>
        <source>Add files...</source>
        <translation>Dosya ekle...</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Çıkar</translation>
    </message>
    <message>
        <source>On the Text files above (up to %1), or on the replay&apos;s sample text when there are none.</source>
        <translation>Yukarıdaki Metin dosyaları üzerinde (en çok %1), yoksa oynatımın örnek metni üzerinde.</translation>
    </message>
    <message numerus="yes">
        <source>Sample text: %n token(s) at this merge, %1 bytes per token</source>
        <translation>
            <numerusform>Örnek metin: bu birleştirmede %n belirteç, belirteç başına %1 bayt</numerusform>
        </translation>
    </message>
    <message>
        <source>vocabulary %1 (%2 merges) from %3 documents, %4; %5 distinct pre-tokens</source>
        <translation>sözcük dağarcığı %1 (%2 birleştirme), %3 belgeden, %4; %5 farklı ön belirteç</translation>
    </message>
    <message>
        <source>training text: %1 bytes → %2 tokens (%3 bytes per token)</source>
        <translation>eğitim metni: %1 bayt → %2 belirteç (belirteç başına %3 bayt)</translation>
    </message>
    <message>
        <source>vocabulary %1 from %2 documents, %3; %4 distinct words; alphabet %5 characters, %6 kept; %7 seed pieces; %8 EM iterations, %9 pruning steps</source>
        <translation>sözcük dağarcığı %1, %2 belgeden, %3; %4 farklı sözcük; alfabe %5 karakter, %6 tanesi tutuldu; %7 tohum parça; %8 EM yinelemesi, %9 budama adımı</translation>
    </message>
    <message>
        <source>vocabulary %1 (alphabet %2 + %3 merges) from %4 documents, %5; %6 distinct words</source>
        <translation>sözcük dağarcığı %1 (alfabe %2 + %3 birleştirme), %4 belgeden, %5; %6 farklı sözcük</translation>
    </message>
    <message>
        <source>trained on %1 of %2 documents (sampled to stay within %3 of memory)</source>
        <translation>%2 belgeden %1 tanesiyle eğitildi (%3 bellek sınırında kalmak için örneklendi)</translation>
    </message>
</context>
<context>
    <name>ahenk::ui::TrainPage</name>
    <message>
        <source>Run %1 training; checkpoints in %2</source>
        <translation>Çalıştırma %1 eğitiliyor; denetim noktaları %2 içinde</translation>
    </message>
    <message>
        <source>step %1: %2</source>
        <translation>adım %1: %2</translation>
    </message>
    <message>
        <source>Training text</source>
        <translation>Eğitim metni</translation>
    </message>
    <message>
        <source>Text and token files (*.txt *.md *.jsonl *.bin);;All files (*)</source>
        <translation>Metin ve belirteç dosyaları (*.txt *.md *.jsonl *.bin);;Tüm dosyalar (*)</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>Belirteçleyici</translation>
    </message>
    <message>
        <source>Tokenizers (*.json *.model);;All files (*)</source>
        <translation>Belirteçleyiciler (*.json *.model);;Tüm dosyalar (*)</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>eğitim kaybı</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>doğrulama kaybı</translation>
    </message>
    <message>
        <source>alarms</source>
        <translation>uyarılar</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>öğrenme oranı</translation>
    </message>
    <message>
        <source>gradient norm</source>
        <translation>gradyan normu</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>belirteç/sn</translation>
    </message>
    <message>
        <source>Choose the text to train on (Data).</source>
        <translation>Eğitilecek metni seçin (Veri).</translation>
    </message>
    <message>
        <source>No session is open (File &gt; New Session or Open Session).</source>
        <translation>Açık oturum yok (Dosya &gt; Yeni Oturum veya Oturum Aç).</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Eğitiliyor</translation>
    </message>
    <message>
        <source>Paused at step %1</source>
        <translation>Adım %1 üzerinde duraklatıldı</translation>
    </message>
    <message>
        <source>Stopping after this step...</source>
        <translation>Bu adımdan sonra duruyor...</translation>
    </message>
    <message>
        <source>The run did not finish</source>
        <translation>Çalıştırma tamamlanmadı</translation>
    </message>
    <message>
        <source>step %1 — %2: %3</source>
        <translation>adım %1 — %2: %3</translation>
    </message>
    <message>
        <source>step %1 of %2</source>
        <translation>adım %1 / %2</translation>
    </message>
    <message>
        <source>loss %1</source>
        <translation>kayıp %1</translation>
    </message>
    <message>
        <source>validation loss %1</source>
        <translation>doğrulama kaybı %1</translation>
    </message>
    <message>
        <source>%1 bits/byte</source>
        <translation>%1 bit/bayt</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 belirteç/sn</translation>
    </message>
    <message>
        <source>MFU %1%</source>
        <translation>MFU %%1</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 sn</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Sürdür</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Duraklat</translation>
    </message>
    <message>
        <source>Training configuration</source>
        <translation>Eğitim yapılandırması</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Hazır ayar</translation>
    </message>
    <message>
        <source>A ready configuration from resources/presets; every field below can be changed.</source>
        <translation>resources/presets içinden hazır bir yapılandırma; aşağıdaki her alan değiştirilebilir.</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Mimari</translation>
    </message>
    <message>
        <source>Transformer: pre-norm blocks of RMSNorm, causal self-attention with RoPE and a SwiGLU MLP. Mamba: a selective state-space model that compresses the past into a fixed-size state. Spiking: the Transformer with its MLP made of leaky integrate-and-fire neurons.</source>
        <translation>Transformer: RMSNorm ile ön-normalleştirmeli bloklar, RoPE ile nedensel öz-dikkat ve bir SwiGLU MLP. Mamba: geçmişi sabit boyutlu bir duruma sıkıştıran seçici bir durum-uzay modeli. Dürtülü (spiking): MLP&apos;si sızıntılı topla-ateşle (LIF) nöronlarından oluşan Transformer.</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Veri</translation>
    </message>
    <message>
        <source>Text files to train on (separated by &apos;;&apos;); the last 10% is held out for validation.</source>
        <translation>Eğitimde kullanılacak metin dosyaları (&apos;;&apos; ile ayrılmış); son %10 doğrulama için ayrılır.</translation>
    </message>
    <message>
        <source>A tokenizer.json from the Tokenizer stage; empty trains on bytes (vocabulary 256).</source>
        <translation>Belirteçleyici aşamasından bir tokenizer.json; boş bırakılırsa baytlar üzerinde eğitir (sözcük dağarcığı 256).</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>Denetim noktaları</translation>
    </message>
    <message>
        <source>The folder for checkpoints; empty puts them beside the session file.</source>
        <translation>Denetim noktalarının klasörü; boş bırakılırsa oturum dosyasının yanına konur.</translation>
    </message>
    <message>
        <source>Model width</source>
        <translation>Model genişliği</translation>
    </message>
    <message>
        <source>d_model: the size of every token&apos;s vector. Wider models learn more per step and cost more.</source>
        <translation>d_model: her belirtecin vektörünün boyu. Daha geniş modeller adım başına daha çok öğrenir ve daha pahalıdır.</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Katmanlar</translation>
    </message>
    <message>
        <source>How many blocks are stacked.</source>
        <translation>Üst üste kaç blok konduğu.</translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation>Dikkat başlıkları</translation>
    </message>
    <message>
        <source>Attention is split into this many heads, each looking for its own pattern; d_model must divide by it.</source>
        <translation>Dikkat bu kadar başlığa bölünür, her biri kendi örüntüsünü arar; d_model buna tam bölünmelidir.</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Bağlam</translation>
    </message>
    <message>
        <source>How many tokens the model sees at once.</source>
        <translation>Modelin aynı anda gördüğü belirteç sayısı.</translation>
    </message>
    <message>
        <source>RoPE base</source>
        <translation>RoPE tabanı</translation>
    </message>
    <message>
        <source>RoPE rotates each pair of query/key dimensions by an angle proportional to the position, so attention scores depend only on the distance between tokens. The base sets the slowest rotation&apos;s wavelength.</source>
        <translation>RoPE her sorgu/anahtar boyut çiftini konumla orantılı bir açıyla döndürür; böylece dikkat puanları yalnızca belirteçler arasındaki uzaklığa bağlı olur. Taban, en yavaş dönüşün dalga boyunu belirler.</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Yığın boyu</translation>
    </message>
    <message>
        <source>Sequences per optimizer step.</source>
        <translation>İyileştirici adımı başına dizi sayısı.</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Öğrenme oranı</translation>
    </message>
    <message>
        <source>The peak step size of AdamW, reached after the warmup and then lowered along a cosine.</source>
        <translation>AdamW&apos;nin en yüksek adım boyu; ısınmadan sonra ulaşılır, sonra bir kosinüs boyunca düşürülür.</translation>
    </message>
    <message>
        <source>Warmup steps</source>
        <translation>Isınma adımları</translation>
    </message>
    <message>
        <source>Steps over which the learning rate rises linearly from zero, while Adam&apos;s moment estimates settle.</source>
        <translation>Adam&apos;ın moment tahminleri otururken öğrenme oranının sıfırdan doğrusal olarak yükseldiği adımlar.</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Adımlar</translation>
    </message>
    <message>
        <source>Optimizer steps to train for.</source>
        <translation>Eğitilecek iyileştirici adımı sayısı.</translation>
    </message>
    <message>
        <source>Time limit (s)</source>
        <translation>Süre sınırı (sn)</translation>
    </message>
    <message>
        <source>Stop after this many seconds; 0: no limit.</source>
        <translation>Bu kadar saniye sonra dur; 0: sınır yok.</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>Ağırlık azaltma</translation>
    </message>
    <message>
        <source>AdamW&apos;s decoupled weight decay: weights shrink by lr × decay each step, separately from the gradient update (so it is not scaled by Adam&apos;s normalisation); gains and norms are not decayed.</source>
        <translation>AdamW&apos;nin ayrıştırılmış ağırlık azaltması: ağırlıklar her adımda gradyan güncellemesinden ayrı olarak lr × azaltma kadar küçülür (böylece Adam&apos;ın normalleştirmesiyle ölçeklenmez); kazançlar ve normlar azaltılmaz.</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>Gradyan kırpma</translation>
    </message>
    <message>
        <source>When the global gradient norm exceeds this, all gradients are scaled down to it; 0: no clipping.</source>
        <translation>Genel gradyan normu bunu aşınca tüm gradyanlar ona kadar küçültülür; 0: kırpma yok.</translation>
    </message>
    <message>
        <source>Validation every</source>
        <translation>Doğrulama aralığı</translation>
    </message>
    <message>
        <source>Steps between validations (loss and bits per byte on held-out text); 0: only at the end.</source>
        <translation>Doğrulamalar arasındaki adım sayısı (ayrılmış metin üzerinde kayıp ve bayt başına bit); 0: yalnızca sonda.</translation>
    </message>
    <message>
        <source>Checkpoint every</source>
        <translation>Denetim noktası aralığı</translation>
    </message>
    <message>
        <source>Steps between checkpoints; 0: only at the end.</source>
        <translation>Denetim noktaları arasındaki adım sayısı; 0: yalnızca sonda.</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Tohum</translation>
    </message>
    <message>
        <source>The same seed gives the same initial weights and data order.</source>
        <translation>Aynı tohum aynı başlangıç ağırlıklarını ve veri sırasını verir.</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Gözat...</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>baytlar</translation>
    </message>
    <message>
        <source>beside the session</source>
        <translation>oturumun yanında</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Başlat</translation>
    </message>
    <message>
        <source>Start training (Ctrl+Return)</source>
        <translation>Eğitimi başlat (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Pause or resume (Ctrl+P)</source>
        <translation>Duraklat veya sürdür (Ctrl+P)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Durdur</translation>
    </message>
    <message>
        <source>Stop after the current step and save a checkpoint (Ctrl+.)</source>
        <translation>Geçerli adımdan sonra dur ve bir denetim noktası kaydet (Ctrl+.)</translation>
    </message>
    <message>
        <source>Undo config edit</source>
        <translation>Yapılandırma düzenlemesini geri al</translation>
    </message>
    <message>
        <source>Redo config edit</source>
        <translation>Yapılandırma düzenlemesini yinele</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Hazır</translation>
    </message>
    <message>
        <source>Loss (nats per token)</source>
        <translation>Kayıp (belirteç başına nat)</translation>
    </message>
    <message>
        <source>Gradient norm (before clipping)</source>
        <translation>Gradyan normu (kırpmadan önce)</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>Saniyede belirteç</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>Logaritmik ölçek</translation>
    </message>
    <message>
        <source>Min/max band</source>
        <translation>En az/en çok bandı</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>Yumuşatma</translation>
    </message>
    <message>
        <source>Exponential moving average, debiased and per step: the same curve at any zoom.</source>
        <translation>Yanlılığı giderilmiş, adım başına üstel hareketli ortalama: her yakınlaştırmada aynı eğri.</translation>
    </message>
    <message>
        <source>Gradient norm per parameter</source>
        <translation>Parametre başına gradyan normu</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Uyarılar</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>Parametre</translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation>Gradyan normu</translation>
    </message>
    <message>
        <source>MFU %</source>
        <translation>MFU %</translation>
    </message>
    <message>
        <source>Model FLOPs utilisation</source>
        <translation>Model FLOPs kullanımı (MFU)</translation>
    </message>
    <message>
        <source>The model&apos;s FLOPs per second as a share of what this machine&apos;s matrix multiply reaches (measured at start).</source>
        <translation>Modelin saniyedeki FLOPs değerinin, bu makinenin matris çarpımının ulaştığı hıza oranı (başlangıçta ölçülür).</translation>
    </message>
    <message>
        <source>Gradient norm per layer (log scale)</source>
        <translation>Katman başına gradyan normu (logaritmik ölçek)</translation>
    </message>
    <message>
        <source>Gradient norm per layer</source>
        <translation>Katman başına gradyan normu</translation>
    </message>
    <message>
        <source>loss spike</source>
        <translation>kayıp sıçraması</translation>
    </message>
    <message>
        <source>gradient explosion</source>
        <translation>gradyan patlaması</translation>
    </message>
    <message>
        <source>not finite (NaN or infinity)</source>
        <translation>sonlu değil (NaN ya da sonsuz)</translation>
    </message>
    <message>
        <source>%1 against a recent %2</source>
        <translation>yakın zamandaki %2 değerine karşı %1</translation>
    </message>
</context>
<context>
    <name>ahenk::ui::TrainingJob</name>
    <message>
        <source>Reading the data</source>
        <translation>Veri okunuyor</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Eğitiliyor</translation>
    </message>
    <message>
        <source>Stopped at step %1</source>
        <translation>Adım %1 üzerinde durduruldu</translation>
    </message>
    <message>
        <source>Finished at step %1</source>
        <translation>Adım %1 üzerinde tamamlandı</translation>
    </message>
</context>
<context>
    <name>ahenk::ui::VulkanView</name>
    <message>
        <source>Vulkan is not available, so this view cannot be drawn.
%1
Install mesa-vulkan-drivers (a CPU renderer) or your GPU&apos;s Vulkan driver.</source>
        <translation>Vulkan kullanılamadığı için bu görünüm çizilemiyor.
%1
mesa-vulkan-drivers paketini (işlemcide çizer) ya da ekran kartınızın Vulkan sürücüsünü kurun.</translation>
    </message>
</context>
</TS>
