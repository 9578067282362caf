"""Repair a Dask bag and a Dask dataframe on a (local, in-process) Dask cluster.

On a real cluster, connect with ``Client("tcp://scheduler:8786")`` instead: each worker
builds one Repairer and loads its dictionaries once; tasks carry only the small Config.
The command line does the same with ``textrepair corpus.jsonl.gz -o out.jsonl.gz
--engine dask --scheduler tcp://scheduler:8786``.

    pip install 'textrepair[dask]' && python examples/dask_cluster.py
"""

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

from textrepair.dask import repair_bag, repair_frame

records = [
    {"id": 1, "text": "The caf\u00c3\u00a9 reopened on Monday &amp; the kitchen too."},
    {"id": 2, "text": "Skip to main content\nThe council met to discuss the budget.\nBack to top"},
    {"id": 3, "text": "Le mus\u00c3\u00a9e est ouvert tous les jours."},
]

if __name__ == "__main__":
    # Threads in this process keep the example quick; a real cluster has worker processes.
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        bag = db.from_sequence(records, npartitions=2)
        for record in repair_bag(bag, text_key="text").compute():
            print(record["id"], repr(record["text"]))

        df = dd.from_pandas(pd.DataFrame(records), npartitions=2)
        print(repair_frame(df, "text", tokens=False).compute()["text"].tolist())
