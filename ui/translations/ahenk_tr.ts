<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr_TR">
<context>
    <name>InspectOverlay</name>
    <message>
        <source>%1 points, %2 ms per frame</source>
        <translation>%1 nokta, kare başına %2 ms</translation>
    </message>
    <message>
        <source>Backend: %1</source>
        <translation>Arka uç: %1</translation>
    </message>
    <message>
        <source>Point grid</source>
        <translation>Nokta ızgarası</translation>
    </message>
    <message>
        <source>Points per side</source>
        <translation>Kenar başına nokta</translation>
    </message>
    <message>
        <source>Point size (px)</source>
        <translation>Nokta boyu (piksel)</translation>
    </message>
    <message>
        <source>Rotation (degrees)</source>
        <translation>Dönüş (derece)</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>Döndür</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>edit the training config</source>
        <translation>eğitim yapılandırmasını düzenle</translation>
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
        <source>A Vulkan view with its controls drawn by Dear ImGui in the same render pass. Drag the sliders in the overlay; tick Rotate to animate.</source>
        <translation>Denetimleri aynı çizim geçişinde Dear ImGui ile çizilen bir Vulkan görünümü. Kaplamadaki kaydırıcıları sürükleyin; canlandırmak için Döndür&apos;ü işaretleyin.</translation>
    </message>
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
