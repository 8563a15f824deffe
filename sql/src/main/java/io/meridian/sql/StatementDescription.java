package io.meridian.sql;

import java.util.List;

/** A statement's shape before it runs: its parameters' types and its result columns (empty for DML). */
public record StatementDescription(List<ResultColumn> parameters, List<ResultColumn> columns) {
}
