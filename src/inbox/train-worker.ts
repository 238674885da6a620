/**
 * The inbox's model training in a worker thread (train-in-worker.ts starts it): the data in,
 * the models out as their JSON text, so the web process's thread stays free for requests.
 */
import { parentPort, workerData } from "node:worker_threads";
import { serialiseInboxModels } from "./model-json.ts";
import { type TrainingData, trainModels } from "./train-models.ts";

parentPort?.postMessage(serialiseInboxModels(trainModels(workerData as TrainingData)));
