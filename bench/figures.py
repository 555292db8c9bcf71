"""The benchmark's figures, drawn with matplotlib from the figure data bench/figures.ts computes.

Usage: python figures.py <folder>  (reads <folder>/figures.json, writes <name>.svg and <name>.png)
The statistics are computed in TypeScript, once; this file only draws.
"""
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display here: files only
import matplotlib.pyplot as plt  # noqa: E402

plt.rcParams.update({"svg.hashsalt": "metaq", "font.size": 9, "axes.spines.top": False, "axes.spines.right": False})
PHASES = [("startup", "startup (provision → engine ready)", "#d95f02"),
          ("query", "query", "#1b9e77"),
          ("other", "metaq overhead (optimize, collect, teardown)", "#bbbbbb")]
HATCHES = ["", "//", "..", "xx"]


def seconds(values):
    return [None if v is None else v / 1000 for v in values]


def legend_beside(axes):
    """Outside the axes, to their right: inside, it covers bars or lines."""
    axes.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def save(figure, folder, name):
    figure.tight_layout()
    # bbox "tight": the saved figure includes a legend placed beside the axes.
    figure.savefig(folder / f"{name}.svg", metadata={"Date": None}, bbox_inches="tight")
    figure.savefig(folder / f"{name}.png", dpi=150, bbox_inches="tight")
    plt.close(figure)


def end_to_end(data, folder):
    queries, groups = data["queries"], data["groups"]
    figure, axes = plt.subplots(figsize=(min(16, max(7, 0.45 * len(queries) * len(groups) + 2)), 4.5))
    width = 0.8 / len(groups)
    for g, group in enumerate(groups):
        xs = [q + (g - (len(groups) - 1) / 2) * width for q in range(len(queries))]
        bottom = [0.0] * len(queries)
        for key, label, color in PHASES:
            values = [v or 0 for v in seconds(group[key])]
            axes.bar(xs, values, width, bottom=bottom, color=color, hatch=HATCHES[g % len(HATCHES)],
                     edgecolor="white", linewidth=0.5, label=label if g == 0 else None)
            bottom = [b + v for b, v in zip(bottom, values)]
        warm = seconds(group["warm"])
        axes.scatter([x for x, w in zip(xs, warm) if w is not None], [w for w in warm if w is not None],
                     marker="_", s=120, color="black", zorder=3, label="warm engine (query only)" if g == 0 else None)
    axes.set_xticks(range(len(queries)), [q.upper() for q in queries], rotation=90 if len(queries) > 12 else 0)
    if len(groups) > 1:  # which hatch is which engine (bars left to right in each query)
        for g, group in enumerate(groups):
            axes.bar([0], [0], 0, color="white", edgecolor="black", hatch=HATCHES[g % len(HATCHES)],
                     label=f"{g + 1}. {group['label']}")
    axes.set_ylabel("seconds (median)")
    axes.set_title(f"End to end through metaq, one engine per query — {', '.join(g['label'] for g in groups)}\n{data['title']}")
    legend_beside(axes)
    save(figure, folder, "end-to-end")


def ecdf(axes, values, label):
    xs = sorted(values)
    ys = [(i + 1) / len(xs) for i in range(len(xs))]
    axes.step([xs[0]] + xs, [0] + ys, where="post", label=label)


def startup_cdf(data, folder):
    figure, axes = plt.subplots(figsize=(6, 3.8))
    for group in data["groups"]:
        if group["startups"]:
            ecdf(axes, seconds(group["startups"]), f"{group['label']} ({len(group['startups'])} starts)")
    axes.set_xlim(left=0)
    axes.set_xlabel("startup: provision → engine ready (s)")
    axes.set_ylabel("fraction of queries")
    axes.set_ylim(0, 1.02)
    axes.set_title(f"Empirical CDF of engine startup\n{data['title']}")
    axes.legend(frameon=False, loc="lower right")
    save(figure, folder, "startup-cdf")


def ratio(data, folder):
    queries, groups = data["queries"], data["groups"]
    figure, axes = plt.subplots(figsize=(min(16, max(7, 0.35 * len(queries) * len(groups) + 2)), 3.8))
    width = 0.8 / len(groups)
    for g, group in enumerate(groups):
        xs = [q + (g - (len(groups) - 1) / 2) * width for q in range(len(queries))]
        values = [r or 0 for r in group["ratio"]]
        bars = axes.bar(xs, values, width, hatch=HATCHES[g % len(HATCHES)], edgecolor="white", label=group["label"])
        axes.axhline(group["geomean"], color=bars.patches[0].get_facecolor(), linestyle="--", linewidth=1,
                     label=f"{group['label']} geometric mean {group['geomean']:.1f}×")
    axes.axhline(1, color="black", linewidth=0.8)
    axes.set_yscale("log")
    axes.set_xticks(range(len(queries)), [q.upper() for q in queries], rotation=90 if len(queries) > 12 else 0)
    axes.set_ylabel("ephemeral / warm (median times)")
    axes.set_title(f"What an engine per query costs in time, per query\n{data['title']}")
    legend_beside(axes)
    save(figure, folder, "ratio")


def straggler(data, folder):
    figure, axes = plt.subplots(figsize=(6, 3.8))
    delays = set()
    for series in data["straggler"]:
        if series["ready"]:
            ecdf(axes, seconds(series["ready"]), series["label"])
        delays.add(series["delayMs"] / 1000)
    for delay in delays:
        axes.axvline(delay, color="grey", linestyle=":", linewidth=1)
        axes.annotate(f"straggler delay {delay:g} s", (delay, 0.98), rotation=90, fontsize=7, color="grey",
                      xytext=(-9, 0), textcoords="offset points", va="top")
    axes.set_xlim(left=0)
    axes.set_xlabel("provision → engine ready (s)")
    axes.set_ylabel("fraction of trials")
    axes.set_ylim(0, 1.02)
    axes.set_title(f"Stragglers (METAQ_CHAOS delay-ready), with and without spares\n{data['title']}")
    legend_beside(axes)
    save(figure, folder, "straggler")


def main():
    folder = Path(sys.argv[1])
    data = json.loads((folder / "figures.json").read_text())
    end_to_end(data, folder)
    startup_cdf(data, folder)
    ratio(data, folder)
    if data["straggler"]:
        straggler(data, folder)


if __name__ == "__main__":
    main()
