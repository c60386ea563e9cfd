<?xml version='1.0' encoding='utf-8'?>
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
        <translation>Ahenk'e hoş geldiniz</translation>
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
        <translation>Denetimleri aynı çizim geçişinde Dear ImGui ile çizilen bir Vulkan görünümü. Kaplamadaki kaydırıcıları sürükleyin; canlandırmak için Döndür'ü işaretleyin.</translation>
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
    <name>ahenk::ui::VulkanView</name>
    <message>
        <source>Vulkan is not available, so this view cannot be drawn.
%1
Install mesa-vulkan-drivers (a CPU renderer) or your GPU's Vulkan driver.</source>
        <translation>Vulkan kullanılamadığı için bu görünüm çizilemiyor.
%1
mesa-vulkan-drivers paketini (işlemcide çizer) ya da ekran kartınızın Vulkan sürücüsünü kurun.</translation>
    </message>
</context>
</TS>