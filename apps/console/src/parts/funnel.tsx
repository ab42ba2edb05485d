// The mission funnel (leads → contacted → replied) as a Chart.js bar chart, with the same
// numbers in text for screen readers and for anyone who prefers them.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { useEffect, useRef } from "preact/hooks";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface FunnelCounts {
  leads: number;
  contacted: number;
  replied: number;
}

export function Funnel(props: { counts: FunnelCounts }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<"bar"> | null>(null);
  const { leads, contacted, replied } = props.counts;
  const summary = `Funnel: ${leads} leads, ${contacted} contacted, ${replied} replied`;
  useEffect(() => {
    const data = [leads, contacted, replied];
    if (chart.current) {
      chart.current.data.datasets[0]!.data = data;
      chart.current.update();
      return;
    }
    chart.current = new Chart(canvas.current!, {
      type: "bar",
      data: { labels: ["Leads", "Contacted", "Replied"], datasets: [{ label: "Leads", data, backgroundColor: ["#1d4ed8", "#0f766e", "#7c3aed"] }] },
      options: {
        indexAxis: "y",
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { tooltip: { enabled: true } },
      },
    });
  }, [leads, contacted, replied]);
  useEffect(() => () => chart.current?.destroy(), []);
  return (
    <figure class="funnel" data-leads={leads} data-contacted={contacted} data-replied={replied}>
      <div class="chart">
        <canvas ref={canvas} role="img" aria-label={summary} />
      </div>
      <figcaption>
        {leads} leads → {contacted} contacted → {replied} replied
      </figcaption>
    </figure>
  );
}
