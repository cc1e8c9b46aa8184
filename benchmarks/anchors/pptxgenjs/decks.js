// Anchor: PptxGenJS writing N decks of 12 slides in one Node process, one per client, as a
// stored (uncompressed) zip, PptxGenJS's default; for benchmarks/batch.py --anchor.
//   node decks.js N OUTDIR
const pptxgen = require("pptxgenjs");
const path = require("path");
const count = Number(process.argv[2]);
const outdir = process.argv[3];

async function deck(n) {
  const client = `Kunde ${String(n).padStart(5, "0")} GmbH`;
  const pptx = new pptxgen();
  pptx.layout = "LAYOUT_WIDE";
  for (let s = 0; s < 12; s++) {
    const slide = pptx.addSlide();
    slide.addText(`Slide ${s + 1} for ${client}`, { x: 0.6, y: 0.4, w: 12, h: 1, fontSize: 32, bold: true });
    slide.addText(
      [
        { text: `Dr. Vorname Nachname ${n} decides`, options: { bullet: true } },
        { text: `${1000 + n} customers at risk`, options: { bullet: true } },
        { text: "8× the engagement", options: { bullet: true } },
      ],
      { x: 0.6, y: 1.8, w: 6, h: 4, fontSize: 20 }
    );
    if (s === 5) {
      const values = [1, 2, 3].map((y) => y * (20000 + 10 * n) * (1000 + n) * 0.1);
      slide.addChart(pptx.ChartType.bar, [{ name: "Revenue", labels: ["Year 1", "Year 2", "Year 3"], values }], { x: 7, y: 1.8, w: 5.5, h: 4 });
    }
    slide.addNotes(`What to say on this slide, for ${client}.`);
  }
  await pptx.writeFile({ fileName: path.join(outdir, `deck-${n}.pptx`) });
}

(async () => {
  for (let n = 0; n < count; n++) await deck(n);
})();
