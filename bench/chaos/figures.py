"""The chaos campaign's figure, drawn with matplotlib from the data bench/chaos/figures.ts computes.

Usage: python figures.py <folder>  (reads <folder>/chaos-figure.json, writes chaos.svg and chaos.png)
The bench's own drawing helpers (bench/figures.py) give it the same look.
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from figures import plt, save  # noqa: E402

COLORS = {"struck, SUCCEEDED": "#1b9e77", "struck, FAILED": "#d95f02",
          "struck, ABORTED": "#7570b3", "not struck": "#bbbbbb"}


def outcomes(axes, data):
    faults = data["faults"]
    left = [0] * len(faults)
    for label, counts in data["outcomes"].items():
        axes.barh(range(len(faults)), counts, left=left, color=COLORS[label], label=label)
        left = [a + b for a, b in zip(left, counts)]
    for row, (total, problems) in enumerate(zip(left, data["problems"])):
        if problems:
            axes.annotate(f"{problems} with findings", (total, row), xytext=(4, 0), textcoords="offset points",
                          va="center", color="#e7298a", fontsize=8)
    axes.set_yticks(range(len(faults)), faults)
    axes.invert_yaxis()
    axes.set_xlabel("runs")
    axes.set_title("What each fault did")
    # Below the axes: beside them it would cover the other panel.
    axes.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)


def teardown(axes, data):
    faults = data["faults"]
    for row, values in enumerate(data["teardown"]):
        # A fixed spread around the row (no randomness: the same data draws the same figure).
        ys = [row + ((i * 0.618) % 1 - 0.5) * 0.5 for i in range(len(values))]
        axes.scatter(values, ys, s=12, color="#d95f02", alpha=0.7)
    axes.set_xscale("log")
    axes.set_xlabel("fault → clean teardown (s, log scale)")
    axes.set_title("Record released and last process gone")


def main():
    folder = Path(sys.argv[1])
    data = json.loads((folder / "chaos-figure.json").read_text())
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 0.35 * len(data["faults"]) + 2), sharey=True)
    outcomes(left, data)
    teardown(right, data)
    figure.suptitle(f"Chaos campaign — {data['title']}")
    save(figure, folder, "chaos")


if __name__ == "__main__":
    main()
