"""Write sample_data/arrival_profile.csv: the default week shape (an assumption to replace).

Shape: day weight × hour-of-day weight. Quiet overnight, busy office hours, a smaller
evening peak, quieter weekends. Replace it with the profile fitted from your own inbox
export on the Data page.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from model.units import DAY_NAMES as DAYS  # noqa: E402

DAY_WEIGHT = (1.15, 1.05, 1.0, 1.0, 0.9, 0.6, 0.6)  # Monday first
HOUR_WEIGHT = (0.15, 0.1, 0.08, 0.08, 0.08, 0.1, 0.2, 0.45, 0.8, 1.0, 1.0, 1.0,
               1.0, 1.0, 0.95, 0.9, 0.85, 0.8, 0.8, 0.85, 0.8, 0.6, 0.4, 0.25)


def main() -> None:
    weights = [d * h for d in DAY_WEIGHT for h in HOUR_WEIGHT]
    total = sum(weights)
    rows = ["hour_of_week,day,hour_of_day,share"]
    shares = [round(w / total, 8) for w in weights]
    shares[-1] = round(1.0 - sum(shares[:-1]), 8)  # exact sum of 1 after rounding
    for hour, share in enumerate(shares):
        rows.append(f"{hour},{DAYS[hour // 24]},{hour % 24},{share:.8f}")
    path = Path(__file__).resolve().parents[1] / "sample_data" / "arrival_profile.csv"
    path.write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
