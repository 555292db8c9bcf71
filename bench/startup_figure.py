"""The startup bench's figure: one bar per engine and variant, cut at its median milestones.

Usage: python startup_figure.py <folder>  (reads <folder>/startup-figure.json, writes startup.svg/.png)
Each span of a bar is the time from the milestone before to the one it is named after (the
spans wide enough carry the name; summary.md lists them all); the numbers are computed in TypeScript (bench/startup-report.ts), this file only draws.
"""
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display here: files only
import matplotlib.pyplot as plt  # noqa: E402

plt.rcParams.update({"svg.hashsalt": "metaq", "font.size": 8, "axes.spines.top": False, "axes.spines.right": False})
COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]


def main():
    folder = Path(sys.argv[1])
    data = json.loads((folder / "startup-figure.json").read_text())
    bars = data["bars"]
    figure, axes = plt.subplots(figsize=(11, 0.9 + 0.75 * len(bars)))
    longest = max((bar["milestones"][-1]["ms"] for bar in bars if bar["milestones"]), default=1000) / 1000
    for row, bar in enumerate(bars):
        start = 0.0
        for step, milestone in enumerate(bar["milestones"]):
            end = milestone["ms"] / 1000
            axes.barh(row, end - start, left=start, height=0.5, color=COLOURS[step % len(COLOURS)], edgecolor="white")
            # Only spans wide enough to hold their name are named; summary.md lists every milestone.
            if end - start > 0.06 * longest:
                axes.text((start + end) / 2, row, milestone["label"].replace("head: ", ""), fontsize=6,
                          ha="center", va="center", color="white", clip_on=True)
            start = end
    axes.set_yticks(range(len(bars)), [bar["label"] for bar in bars])
    axes.invert_yaxis()
    axes.set_xlabel("seconds since Provision started (median of the runs)")
    axes.set_title(data["title"])
    figure.tight_layout()
    figure.savefig(folder / "startup.svg", metadata={"Date": None}, bbox_inches="tight")
    figure.savefig(folder / "startup.png", dpi=150, bbox_inches="tight")


if __name__ == "__main__":
    main()
