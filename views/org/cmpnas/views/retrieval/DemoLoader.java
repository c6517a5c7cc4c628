package org.cmpnas.views.retrieval;

import org.cmpnas.engine.eval.RetrievalDemo;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.RunStore;

/** Opens the retrieval demo of a query run against a gallery run (on the demo worker's thread). */
@FunctionalInterface
public interface DemoLoader {

    RetrievalDemo open(RunStore store, String queryRun, String galleryRun, JobListener listener, CancellationToken token);
}
