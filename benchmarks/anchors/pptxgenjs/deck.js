// Anchor: PptxGenJS building a 12-slide deck from scratch (titles, bullets, one chart,
// notes), for benchmarks/startup.py. Install once with `npm install` in this folder.
const pptxgen = require("pptxgenjs");
const out = process.argv[2];
const pptx = new pptxgen();
pptx.layout = "LAYOUT_WIDE";
for (let n = 0; n < 12; n++) {
  const slide = pptx.addSlide();
  slide.addText(`Slide ${n + 1} for Muster AG`, { x: 0.6, y: 0.4, w: 12, h: 1, fontSize: 32, bold: true });
  slide.addText(
    [
      { text: "Dr. Anna Beispiel decides", options: { bullet: true } },
      { text: "3.000.000 € at risk", options: { bullet: true } },
      { text: "8× the engagement", options: { bullet: true } },
    ],
    { x: 0.6, y: 1.8, w: 6, h: 4, fontSize: 20 }
  );
  if (n === 5) {
    slide.addChart(pptx.ChartType.bar, [{ name: "Revenue", labels: ["Year 1", "Year 2", "Year 3"], values: [1e6, 2e6, 3e6] }], { x: 7, y: 1.8, w: 5.5, h: 4 });
  }
  slide.addNotes("What to say on this slide, for Muster AG.");
}
pptx.writeFile({ fileName: out }).then(() => {});
