"""Runs statsforecast on the same benchmark split as `chargemall bench forecast`, for BENCHMARKS.md.

Usage (a virtualenv outside the repo):  python3 -m venv ../venv-sf && ../venv-sf/bin/pip install statsforecast
  ../venv-sf/bin/python scripts/anchors/statsforecast_bench.py --set m3-month [--data ../shared/bench/demand]
Prints one row per model: sMAPE, MASE (M3: scaled by the in-sample seasonal naive; car parts: naive), seconds.
With --forecasts OUT.csv it also writes each series' test-period forecasts (series,step,model,value).
"""
import argparse, time
import numpy as np, pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import (AutoETS, Theta, AutoTheta, SeasonalNaive, Naive, CrostonClassic, CrostonSBA,
                                  CrostonOptimized, TSB, ADIDA, IMAPA)

def load(set_name, folder):
    rows = []
    if set_name == "m3-month":
        df = pd.read_csv(f"{folder}/m3-month.csv")
        for r in df.itertuples():
            v = np.array([float(x) for x in r.values.split()])
            rows.append((r.series, v, int(r.horizon), int(r.period)))
        return rows, 12
    df = pd.read_csv(f"{folder}/carparts.csv", dtype=str)
    for _, r in df.iterrows():
        cells = r.iloc[1:]
        if cells.isna().any():
            continue
        v = cells.astype(float).to_numpy()
        rows.append((r.iloc[0], v, 6, 12))
    return rows, 1

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="m3-month")
    ap.add_argument("--data", default="../shared/bench/demand")
    ap.add_argument("--forecasts")
    a = ap.parse_args()
    rows, scale_lag = load(a.set, a.data)
    h = rows[0][2]
    train = []
    for sid, v, hh, m in rows:
        hist = v[:-hh]
        ds = pd.date_range("2000-01-01", periods=len(hist), freq="MS")
        train.append(pd.DataFrame({"unique_id": sid, "ds": ds, "y": hist}))
    train = pd.concat(train)
    if a.set == "m3-month":
        models = [SeasonalNaive(12), Theta(season_length=12), AutoTheta(season_length=12), AutoETS(season_length=12)]
    else:
        models = [Naive(), CrostonClassic(), CrostonSBA(), CrostonOptimized(), TSB(alpha_d=0.1, alpha_p=0.1),
                  ADIDA(), IMAPA(), AutoETS(season_length=1)]
    out = []
    for model in models:
        t0 = time.time()
        fc = StatsForecast(models=[model], freq="MS", n_jobs=2).forecast(df=train, h=h)
        secs = time.time() - t0
        col = [c for c in fc.columns if c not in ("unique_id", "ds")][0]
        fc = fc.reset_index() if "unique_id" not in fc.columns else fc
        smapes, mases = [], []
        by_id = {sid: g[col].to_numpy() for sid, g in fc.groupby("unique_id")}
        for sid, v, hh, m in rows:
            f = by_id[sid]
            y, hist = v[-hh:], v[:-hh]
            d = np.abs(y) + np.abs(f)
            smapes.append(np.mean(np.where(d == 0, 0, 200 * np.abs(y - f) / np.where(d == 0, 1, d))))
            lag = m if scale_lag != 1 else 1
            scale = np.mean(np.abs(hist[lag:] - hist[:-lag]))
            if scale > 0:
                mases.append(np.mean(np.abs(y - f)) / scale)
            if a.forecasts:
                out.extend((sid, k + 1, col, f[k]) for k in range(hh))
        print(f"| {col} | {np.mean(smapes):.2f} | {np.mean(mases):.3f} | {secs:.1f} |", flush=True)
    if a.forecasts:
        pd.DataFrame(out, columns=["series", "step", "model", "value"]).to_csv(a.forecasts, index=False)

if __name__ == "__main__":
    main()
