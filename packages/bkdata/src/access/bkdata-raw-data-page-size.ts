/** bk-base refuses `page_size > 100` (`ListByParamSerializer.validate`: "page_size必须小于100"). */
export const BKDATA_MAX_RAW_DATA_PAGE_SIZE = 100;
