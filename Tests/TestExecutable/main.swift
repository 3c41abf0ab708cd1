import Pipeline
import Stages
import TestSupport
import TimescalesCLI

// `timescales-test`: the `timescales` command with the test-only stage kinds added (`fail`,
// `fail-for`, `crash`), for CLI tests that need a stage to fail or crash inside a real run. Its
// stage processes and Slurm jobs run this same binary, so they know the kinds too.
StageKinds.additional = [AnyStageKind(FailStage.self), AnyStageKind(FailForStage.self), AnyStageKind(CrashStage.self)]
Timescales.main()
